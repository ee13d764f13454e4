package main

import (
	"fmt"
	"runtime"
	"runtime/debug"
	"strings"

	"github.com/spf13/cobra"
)

// version is set at build time with -ldflags "-X main.version=1.2.3".
var version = "dev"

// resolvedVersion is the build-time version, else the module version that
// 'go install …@v1.2.3' records, else "dev".
func resolvedVersion() string {
	if version != "dev" && version != "" {
		return version
	}
	if info, ok := debug.ReadBuildInfo(); ok {
		if v := info.Main.Version; v != "" && v != "(devel)" {
			return v
		}
	}
	return "dev"
}

// goVersion is the Go release without its "go" prefix, e.g. "1.26.8".
func goVersion() string { return strings.TrimPrefix(runtime.Version(), "go") }

// userAgent follows Mollie's convention of space-separated name/version
// pairs, so a version must not contain spaces itself.
func userAgent() string {
	v := strings.Join(strings.Fields(resolvedVersion()), "-")
	return "paydesk/" + v + " Go/" + goVersion()
}

func newVersionCmd() *cobra.Command {
	return &cobra.Command{
		Use:  "version",
		Args: noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			_, err := fmt.Fprintf(cmd.OutOrStdout(), "paydesk %s (Go %s, %s/%s)\n", resolvedVersion(), goVersion(), runtime.GOOS, runtime.GOARCH)
			return err
		},
	}
}
