package molliesim

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"time"
)

// shutdownGrace is how long requests in flight get when the listener stops.
const shutdownGrace = 5 * time.Second

// Listen serves a new simulator on addr ("127.0.0.1:0" picks a free port),
// sets its base URL, starts Run, and returns the base URL such as
// "http://127.0.0.1:12111". Everything stops when ctx ends.
func Listen(ctx context.Context, addr string, opts Options) (*Server, string, error) {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, "", fmt.Errorf("molliesim: listen on %s: %w", addr, err)
	}
	base, err := baseURLOf(ln.Addr())
	if err != nil {
		_ = ln.Close()
		return nil, "", err
	}
	s := New(opts)
	s.SetBaseURL(base)
	srv := &http.Server{Handler: s, ReadHeaderTimeout: 10 * time.Second}
	go func() {
		if err := srv.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
			s.Close()
		}
	}()
	s.Run(ctx)
	context.AfterFunc(ctx, func() {
		sctx, cancel := context.WithTimeout(context.Background(), shutdownGrace)
		defer cancel()
		if err := srv.Shutdown(sctx); err != nil {
			_ = srv.Close()
		}
		s.Close()
	})
	return s, base, nil
}

// baseURLOf turns a listener address into a URL a client can dial: a
// wildcard address is reached through loopback.
func baseURLOf(a net.Addr) (string, error) {
	host, port, err := net.SplitHostPort(a.String())
	if err != nil {
		return "", fmt.Errorf("molliesim: listener address %s: %w", a, err)
	}
	if ip := net.ParseIP(host); ip == nil || ip.IsUnspecified() {
		host = "127.0.0.1"
	}
	return "http://" + net.JoinHostPort(host, port), nil
}
