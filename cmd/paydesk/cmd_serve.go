package main

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"strings"
	"sync/atomic"
	"time"

	"github.com/paydesk/paydesk/domain"
	"github.com/paydesk/paydesk/mollie"
	"github.com/paydesk/paydesk/sanitize"
	"github.com/spf13/cobra"
)

const (
	webhookPath = "/webhooks/mollie"
	// shutdownGrace is how long requests in flight, and then the webhooks
	// already accepted, get to finish after SIGINT or SIGTERM.
	shutdownGrace = 15 * time.Second
)

func newServeCmd(g *globals) *cobra.Command {
	var listen, publicURL string
	var ssh sshOptions
	cmd := &cobra.Command{
		Use: "serve",
		Example: "  paydesk serve --listen 127.0.0.1:8080 --public-url https://pay.example.com\n" +
			"  paydesk serve --ssh-listen 0.0.0.0:2222",
		Args: noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return g.run(cmd, func(s *session) error {
				opts, err := ssh.resolve(cmd, g, s)
				if err != nil {
					return err
				}
				return serve(cmd.Context(), s, listen, publicURL, opts)
			})
		},
	}
	ssh.register(cmd)
	cmd.Flags().StringVar(&listen, "listen", "127.0.0.1:8080", "")
	cmd.Flags().StringVar(&publicURL, "public-url", "", "")
	return cmd
}

func serve(ctx context.Context, s *session, listen, publicURL string, sshOpts sshOptions) error {
	if publicURL != "" {
		if err := s.svc.SetSetting(ctx, domain.SettingWebhookURL, webhookURL(publicURL)); err != nil {
			return fmt.Errorf("--public-url: %w", err)
		}
	}
	hookURL, err := s.svc.Setting(ctx, domain.SettingWebhookURL)
	if err != nil {
		return err
	}
	if c, err := s.svc.Connection(ctx); err == nil && (!c.Enabled || !c.Connected) {
		s.out.note("%s", s.out.p.T("cli.serve.off"))
	}
	ln, err := net.Listen("tcp", listen)
	if err != nil {
		return said{key: "cli.serve.listen_failed", args: []any{listen, err}, cause: nil}
	}
	// A panic in the sync loop or a webhook is contained and kept in the
	// integration log; the operator watching serve's output sees it too.
	s.panics = func(p *domain.PanicError) {
		s.out.note("%s", s.out.p.T("cli.serve.panic", p.Error()))
		fmt.Fprint(s.out.errw, sanitize.Lines(string(p.Stack)))
	}
	holder := domain.SyncHolder()
	sshSrv, sshLn, err := startSSH(s, sshOpts, holder)
	if err != nil {
		ln.Close()
		return err
	}
	runCtx, stop := context.WithCancel(ctx)
	defer stop()

	// Webhooks already answered 200 must still be handled after SIGTERM,
	// so their work outlives ctx until the grace period ends.
	workCtx, stopWork := context.WithCancel(context.WithoutCancel(ctx))
	defer stopWork()
	var handled, failed atomic.Int64
	pool := newWebhookPool(workCtx, webhookWorkers, func(ctx context.Context, hook mollie.Webhook) {
		if err := s.svc.HandleWebhook(ctx, hook.ID, hook.Ref); err != nil && ctx.Err() == nil {
			failed.Add(1)
			s.out.note("%s", s.out.p.T("cli.serve.webhook_failed", hook.ID, s.out.p.Err(err)))
			return
		}
		handled.Add(1)
	})
	hook := mollie.NewWebhookHandler(pool.submit)
	hook.Note = webhookNote(throttledNote(s.out.note, s.out.p, time.Second), s.out.p)

	mux := http.NewServeMux()
	mux.Handle(webhookPath, hook)
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		fmt.Fprintln(w, "ok")
	})
	srv := &http.Server{
		Handler:           mux,
		ReadHeaderTimeout: 5 * time.Second,
		ReadTimeout:       10 * time.Second,
		WriteTimeout:      15 * time.Second,
		IdleTimeout:       60 * time.Second,
		MaxHeaderBytes:    16 << 10,
	}
	syncDone := make(chan struct{})
	go func() {
		defer close(syncDone)
		_ = s.svc.RunSync(runCtx, holder)
	}()
	served := make(chan error, 2)
	go func() { served <- srv.Serve(ln) }()
	if sshSrv != nil {
		go func() { served <- sshSrv.Serve(sshLn) }()
	}

	base := "http://" + ln.Addr().String()
	s.out.println(s.out.p.T("cli.serve.listening", base))
	s.out.printf("  webhooks: POST %s%s\n", base, webhookPath)
	s.out.printf("  health:   GET  %s/healthz\n", base)
	if hookURL != "" {
		s.out.println("  " + s.out.p.T("cli.serve.hook", sanitize.Terminal(hookURL)))
	} else {
		s.out.println("  " + s.out.p.T("cli.serve.no_hook"))
	}
	if sshSrv != nil {
		announceSSH(s, sshSrv, sshLn, sshOpts)
	}

	var serveErr error
	select {
	case <-ctx.Done():
	case serveErr = <-served:
	}
	stop()
	shutCtx, cancel := context.WithTimeout(context.WithoutCancel(ctx), shutdownGrace)
	defer cancel()
	if sshSrv != nil {
		if err := sshSrv.Shutdown(shutCtx); err != nil {
			s.out.note("%s", s.out.p.Err(err))
		}
	}
	if err := srv.Shutdown(shutCtx); err != nil {
		_ = srv.Close()
	}
	hook.Close() // every accepted id is now in the pool
	giveUp := context.AfterFunc(shutCtx, stopWork)
	pool.close()
	giveUp()
	<-syncDone
	s.out.println(s.out.p.T("cli.serve.stopped", handled.Load(), failed.Load()))
	if serveErr != nil && !errors.Is(serveErr, http.ErrServerClosed) {
		return fmt.Errorf("serve: %w", serveErr)
	}
	return nil
}

// webhookURL completes a bare public address with the receiver's path.
func webhookURL(public string) string {
	u, err := url.Parse(strings.TrimSpace(public))
	if err != nil || u.Host == "" {
		return public // SetSetting explains what a valid address looks like
	}
	if u.Path == "" || u.Path == "/" {
		u.Path = webhookPath
	}
	return u.String()
}
