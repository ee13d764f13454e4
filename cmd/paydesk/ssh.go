package main

import (
	"context"
	"fmt"
	"net"
	"path/filepath"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/paydesk/paydesk/domain"
	"github.com/paydesk/paydesk/sanitize"
	"github.com/paydesk/paydesk/sshserve"
	"github.com/paydesk/paydesk/tui"
	"github.com/spf13/cobra"
)

// sshOptions are serve's flags for the interface over SSH.
type sshOptions struct {
	listen, authorizedKeys, hostKey string
	maxSessions, maxPerKey          int
	idle                            time.Duration
	color                           string
}

func (o *sshOptions) register(cmd *cobra.Command) {
	f := cmd.Flags()
	f.StringVar(&o.listen, "ssh-listen", "", "")
	f.StringVar(&o.authorizedKeys, "authorized-keys", "", "")
	f.StringVar(&o.hostKey, "host-key", "", "")
	f.IntVar(&o.maxSessions, "ssh-max-sessions", 32, "")
	f.IntVar(&o.maxPerKey, "ssh-max-per-key", 4, "")
	f.DurationVar(&o.idle, "ssh-idle-timeout", 30*time.Minute, "")
}

// resolve fills in the defaults: the setting for the address, files next
// to the database.
func (o *sshOptions) resolve(cmd *cobra.Command, g *globals, s *session) (sshOptions, error) {
	out := *o
	if !cmd.Flags().Changed("ssh-listen") {
		v, err := s.svc.Setting(cmd.Context(), domain.SettingSSHListen)
		if err != nil {
			return out, err
		}
		out.listen = v
	}
	if out.listen == "" {
		return out, nil
	}
	if err := domain.CheckListenAddress(out.listen); err != nil {
		return out, usageError{err}
	}
	if out.maxSessions < 0 || out.maxPerKey < 0 || out.idle < 0 {
		return out, usageError{sayErr("cli.usage.ssh_negative")}
	}
	db, err := g.dbPath()
	if err != nil {
		return out, err
	}
	if out.authorizedKeys == "" {
		out.authorizedKeys = filepath.Join(filepath.Dir(db), "authorized_keys")
	}
	if out.hostKey == "" {
		out.hostKey = filepath.Join(filepath.Dir(db), "ssh_host_ed25519_key")
	}
	if out.color, err = g.colorMode(); err != nil {
		return out, err
	}
	return out, nil
}

// startSSH prepares the SSH server and its listener; nil when SSH is off.
// holder is the name this process's sync loop runs under, so that the
// sessions' headers say that statuses are kept fresh here.
func startSSH(s *session, o sshOptions, holder string) (*sshserve.Server, net.Listener, error) {
	if o.listen == "" {
		return nil, nil, nil
	}
	srv, err := sshserve.New(sshserve.Config{
		HostKey:        o.hostKey,
		AuthorizedKeys: o.authorizedKeys,
		MaxSessions:    o.maxSessions,
		MaxPerKey:      o.maxPerKey,
		IdleTimeout:    o.idle,
		Program: func(ctx context.Context, id sshserve.Identity, environ []string) (tea.Model, []tea.ProgramOption) {
			return tui.Program(ctx, s.svc.As(id.Actor(), id.Role), tui.Options{
				Lang: s.out.p.Lang(), Color: o.color, SyncHolder: holder, Who: id.Name, Environ: environ,
			})
		},
		Text: s.out.p.T,
		Logf: throttledNote(s.out.note, s.out.p, time.Second),
	})
	if err != nil {
		return nil, nil, fmt.Errorf("SSH: %w", err)
	}
	ln, err := net.Listen("tcp", o.listen)
	if err != nil {
		return nil, nil, said{key: "cli.serve.ssh_listen_failed", args: []any{o.listen, err}}
	}
	return srv, ln, nil
}

func announceSSH(s *session, srv *sshserve.Server, ln net.Listener, o sshOptions) {
	key := pick(srv.HostKeyCreated(), "cli.serve.ssh_new", "cli.serve.ssh")
	s.out.printf("  ssh:      %s\n", s.out.p.T(key, ln.Addr(), srv.HostFingerprint()))
	s.out.printf("  keys:     %s\n", s.out.p.T("cli.serve.keys", sanitize.Terminal(o.authorizedKeys), srv.Keys()))
}
