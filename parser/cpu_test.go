package parser

import (
	"os"
	"runtime"
	"strings"
	"testing"
)

// TestCPUDetection holds useAVX2 to what the kernel reports for this
// machine: on Linux/amd64 without the purego tag, /proc/cpuinfo's flags
// name avx2, bmi1, bmi2, abm (LZCNT) and popcnt exactly when useAVX2 is set.
func TestCPUDetection(t *testing.T) {
	if runtime.GOARCH != "amd64" || runtime.GOOS != "linux" {
		t.Skip("reads /proc/cpuinfo of linux/amd64")
	}
	b, err := os.ReadFile("/proc/cpuinfo")
	if err != nil {
		t.Skip(err)
	}
	var flags []string
	for _, line := range strings.Split(string(b), "\n") {
		if k, v, ok := strings.Cut(line, ":"); ok && strings.TrimSpace(k) == "flags" {
			flags = strings.Fields(v)
			break
		}
	}
	has := map[string]bool{}
	for _, f := range flags {
		has[f] = true
	}
	want := has["avx2"] && has["bmi1"] && has["bmi2"] && has["abm"] && has["popcnt"] && kernelsBuilt
	if useAVX2 != want {
		t.Errorf("useAVX2 = %v, /proc/cpuinfo says avx2 %v bmi1 %v bmi2 %v abm (lzcnt) %v popcnt %v (kernels built: %v)", useAVX2, has["avx2"], has["bmi1"], has["bmi2"], has["abm"], has["popcnt"], kernelsBuilt)
	}
}
