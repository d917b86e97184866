package main

import (
	"flag"
	"fmt"
	"os"

	"github.com/imapstress/imapstress/load"
)

// runReport implements "imapstress report FILE...": merge interval logs
// written by "load --hdr-log" and print the percentile table.
func runReport(args []string) int {
	fs := flag.NewFlagSet("report", flag.ContinueOnError)
	jsonPath := fs.String("json", "", "write the merged report as JSON to `FILE` (- for stdout)")
	hgrm := fs.String("hgrm", "", "write one percentile-distribution file per command into `DIR`")
	plotPath := fs.String("plot", "", "draw latency by percentile into `FILE.png`")
	threshold := fs.String("threshold", "", "conditions such as p99<50ms,errors<0.1%; a breach exits 2")
	fs.Usage = func() {
		fmt.Fprintln(fs.Output(), `usage: imapstress report [--json FILE] [--hgrm DIR] [--plot FILE.png] [--threshold EXPR] FILE|DIR...

Merges interval logs (load --hdr-log) and JSON reports (load --json) of any
number of copies into one report; a folder stands for all its files. Files
pair by name (copy-1.hdr, copy-1.json); every copy needs its interval log.
Thresholds are evaluated on the merged histograms.`)
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		if err == flag.ErrHelp {
			return 0
		}
		return 1
	}
	if fs.NArg() == 0 {
		fs.Usage()
		return 1
	}
	thresholds, err := load.ParseThresholds(*threshold)
	if err != nil {
		fmt.Fprintln(os.Stderr, "imapstress report:", err)
		return 1
	}
	rep, err := load.Merge(fs.Args()...)
	if err != nil {
		fmt.Fprintln(os.Stderr, "imapstress report:", err)
		return 1
	}
	return finishReport("imapstress report", rep, *jsonPath, *hgrm, *plotPath, thresholds)
}

// finishReport prints the table, writes the requested files and evaluates
// the thresholds; it returns the exit code. Shared by load and report.
func finishReport(who string, rep *load.Report, jsonPath, hgrm, plotPath string, thresholds []load.Threshold) int {
	if jsonPath == "-" {
		if err := rep.WriteJSON(os.Stdout); err != nil {
			fmt.Fprintln(os.Stderr, who+":", err)
			return 1
		}
	} else {
		rep.WriteTable(os.Stdout)
	}
	if jsonPath != "" && jsonPath != "-" {
		f, err := os.Create(jsonPath)
		if err == nil {
			err = rep.WriteJSON(f)
			if cerr := f.Close(); err == nil {
				err = cerr
			}
		}
		if err != nil {
			fmt.Fprintln(os.Stderr, who+": --json:", err)
			return 1
		}
	}
	if hgrm != "" {
		if err := rep.WriteHgrm(hgrm); err != nil {
			fmt.Fprintln(os.Stderr, who+": --hgrm:", err)
			return 1
		}
	}
	if plotPath != "" {
		if err := rep.WritePlot(plotPath, "imapstress: response time by percentile"); err != nil {
			fmt.Fprintln(os.Stderr, who+": --plot:", err)
			return 1
		}
	}
	if breaches := load.CheckThresholds(rep, thresholds); len(breaches) > 0 {
		for _, b := range breaches {
			fmt.Fprintln(os.Stderr, who+":", b)
		}
		return 2
	}
	return 0
}
