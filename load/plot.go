package load

import (
	"fmt"
	"math"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/plotutil"
	"gonum.org/v1/plot/vg"
)

// percentileTicks labels the x axis of the percentile plot, whose position
// is log10(1/(1-p)), as HdrHistogram's plotter does.
type percentileTicks struct{}

func (percentileTicks) Ticks(lo, hi float64) []plot.Tick {
	labels := []string{"0%", "90%", "99%", "99.9%", "99.99%", "99.999%", "99.9999%"}
	var ticks []plot.Tick
	for i, l := range labels {
		if x := float64(i); x >= lo && x <= hi+1e-9 {
			ticks = append(ticks, plot.Tick{Value: x, Label: l})
		}
	}
	return ticks
}

// WritePlot draws latency by percentile, one line per command, to a PNG (or
// SVG or PDF, by the file's extension): x is the percentile on a log scale
// of 1/(1-p), y the response time in milliseconds.
func (r *Report) WritePlot(path, title string) error {
	p := plot.New()
	p.Title.Text = title
	p.X.Label.Text = "percentile"
	p.Y.Label.Text = "response time (ms)"
	p.X.Tick.Marker = percentileTicks{}
	p.Add(plotter.NewGrid())
	maxX := 0.0
	i := 0
	for _, name := range r.order {
		h := r.hists[name]
		if h == nil {
			continue
		}
		var pts plotter.XYs
		for _, b := range h.CumulativeDistributionWithTicks(5) {
			q := b.Quantile / 100
			if q >= 1 {
				q = 1 - 1/float64(max(h.TotalCount(), 1))/10 // the max, placed just past the last percentile
			}
			x := math.Log10(1 / (1 - q))
			pts = append(pts, plotter.XY{X: x, Y: float64(b.ValueAt) / 1e6})
			maxX = max(maxX, x)
		}
		line, err := plotter.NewLine(pts)
		if err != nil {
			return fmt.Errorf("plot %s: %w", name, err)
		}
		line.Color = plotutil.Color(i)
		line.Dashes = plotutil.Dashes(i / 7)
		line.Width = vg.Points(1.5)
		p.Add(line)
		p.Legend.Add(name, line)
		i++
	}
	if i == 0 {
		return fmt.Errorf("plot: the report has no latencies to draw")
	}
	p.X.Min, p.X.Max = 0, math.Ceil(maxX)
	p.Legend.Top, p.Legend.Left = true, true
	return p.Save(10*vg.Inch, 6*vg.Inch, path)
}
