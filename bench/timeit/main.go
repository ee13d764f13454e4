// Command timeit runs a command and writes its wall time in seconds, its
// peak resident memory in kilobytes and its user and system CPU seconds,
// "%e %M %U %S" as GNU time prints them, for machines without /usr/bin/time. The command's own output passes
// through; its exit status is timeit's.
package main

import (
	"errors"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"syscall"
	"time"
)

func main() {
	out := flag.String("o", "", "file for the figures (default stderr)")
	flag.Parse()
	if flag.NArg() == 0 {
		fmt.Fprintln(os.Stderr, "usage: timeit [-o FILE] COMMAND [ARG...]")
		os.Exit(2)
	}
	cmd := exec.Command(flag.Arg(0), flag.Args()[1:]...)
	cmd.Stdin, cmd.Stdout, cmd.Stderr = os.Stdin, os.Stdout, os.Stderr
	start := time.Now()
	err := cmd.Run()
	wall := time.Since(start)
	var exit *exec.ExitError
	if err != nil && !errors.As(err, &exit) {
		fmt.Fprintln(os.Stderr, "timeit:", err)
		os.Exit(127)
	}
	var maxKB int64
	if ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok {
		maxKB = ru.Maxrss // kilobytes on Linux
	}
	st := cmd.ProcessState
	line := fmt.Sprintf("%.2f %d %.2f %.2f\n", wall.Seconds(), maxKB, st.UserTime().Seconds(), st.SystemTime().Seconds())
	if *out == "" {
		fmt.Fprint(os.Stderr, line)
	} else if werr := os.WriteFile(*out, []byte(line), 0o644); werr != nil {
		fmt.Fprintln(os.Stderr, "timeit:", werr)
		os.Exit(127)
	}
	os.Exit(cmd.ProcessState.ExitCode())
}
