package daemon

import (
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"runtime"
	"sort"
)

func runtimeNumCPU() int { return runtime.NumCPU() }

// cmdBenchCompare is the regression guard: it compares a fresh `kycd bench -json` with the
// baseline kept in the repository and lists every check whose p50 got slower than the
// tolerance. Exit 1 when something regressed.
func cmdBenchCompare(args []string, s stdio) int {
	fs := flag.NewFlagSet("bench compare", flag.ContinueOnError)
	fs.SetOutput(s.err)
	tolerance := fs.Float64("tolerance", 0.25, "allowed slowdown of a p50 (0.25 = 25 %)")
	if err := fs.Parse(args); err != nil || fs.NArg() != 2 {
		fmt.Fprintln(s.err, "usage: kycd bench compare [--tolerance 0.25] BASELINE.json NEW.json")
		return 2
	}
	var old, cur benchReport
	for i, dst := range []*benchReport{&old, &cur} {
		data, err := os.ReadFile(fs.Arg(i))
		if err == nil {
			err = json.Unmarshal(data, dst)
		}
		if err != nil {
			fmt.Fprintf(s.err, "kycd bench compare: %s: %v\n", fs.Arg(i), err)
			return 2
		}
	}
	names := make([]string, 0, len(cur.InProcess))
	for k := range cur.InProcess {
		names = append(names, k)
	}
	sort.Strings(names)
	slower := 0
	fmt.Fprintf(s.out, "%-12s %10s %10s %8s\n", "step", "base p50", "new p50", "change")
	for _, k := range names {
		b, ok := old.InProcess[k]
		n := cur.InProcess[k]
		if !ok || b.P50 == 0 {
			fmt.Fprintf(s.out, "%-12s %10s %10.0f %8s\n", k, "-", n.P50, "new")
			continue
		}
		change := n.P50/b.P50 - 1
		mark := ""
		if change > *tolerance {
			mark = "  SLOWER"
			slower++
		}
		fmt.Fprintf(s.out, "%-12s %10.0f %10.0f %+7.0f%%%s\n", k, b.P50, n.P50, 100*change, mark)
	}
	if slower > 0 {
		fmt.Fprintf(s.out, "%d step(s) slower than the baseline by more than %.0f %%\n", slower, 100**tolerance)
		return 1
	}
	fmt.Fprintln(s.out, "no step slower than the baseline")
	return 0
}
