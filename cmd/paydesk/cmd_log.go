package main

import (
	"context"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/paydesk/paydesk/domain"
	"github.com/paydesk/paydesk/i18n"
	"github.com/paydesk/paydesk/sanitize"
	"github.com/spf13/cobra"
)

// followPoll is how often log --follow looks for rows when the database's
// change signal says nothing (a safety net; the signal normally wakes it).
const followPoll = 2 * time.Second

type logJSON struct {
	ID         int64   `json:"id"`
	At         *string `json:"at"`
	Level      string  `json:"level"`
	Actor      string  `json:"actor"`
	Invoice    *string `json:"invoice"`
	MollieID   *string `json:"mollie_id"`
	Event      string  `json:"event"`
	Message    string  `json:"message"`
	HTTPStatus *int    `json:"http_status"`
}

// newLogJSON writes an entry for scripts; its message is in the chosen language.
func newLogJSON(p *i18n.Printer, e domain.LogEntry) logJSON {
	j := logJSON{ID: e.ID, At: momentJSON(e.At), Level: string(e.Level), Actor: e.Actor, Invoice: stringJSON(e.InvoiceNumber),
		MollieID: stringJSON(e.MollieID), Event: string(e.Event), Message: p.Log(e)}
	if e.HTTPStatus != 0 {
		status := e.HTTPStatus
		j.HTTPStatus = &status
	}
	return j
}

type logOptions struct {
	invoice, level string
	follow, asJSON bool
	limit          int
}

func newLogCmd(g *globals) *cobra.Command {
	var opt logOptions
	cmd := &cobra.Command{
		Use:     "log",
		Example: "  paydesk log --invoice INV-2026-001\n  paydesk log --level warn --follow",
		Args:    noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			f := domain.LogFilter{InvoiceNumber: opt.invoice, Limit: opt.limit}
			if opt.level != "" {
				lvl, ok := domain.ParseLevel(opt.level)
				if !ok {
					return usageError{sayErr("cli.usage.level", opt.level)}
				}
				f.Level = lvl
			}
			if opt.limit < 0 {
				return usageError{sayErr("cli.usage.limit", opt.limit)}
			}
			return g.read(cmd, func(s *session) error {
				return showLog(cmd.Context(), s, f, opt)
			})
		},
	}
	cmd.Flags().StringVar(&opt.invoice, "invoice", "", "")
	cmd.Flags().StringVar(&opt.level, "level", "", "")
	cmd.Flags().BoolVarP(&opt.follow, "follow", "f", false, "")
	cmd.Flags().BoolVar(&opt.asJSON, "json", false, "")
	cmd.Flags().IntVar(&opt.limit, "limit", 100, "")
	return cmd
}

func showLog(ctx context.Context, s *session, f domain.LogFilter, opt logOptions) error {
	entries, err := s.svc.Log(ctx, f)
	if err != nil {
		return err
	}
	if len(entries) == 0 && f.InvoiceNumber != "" {
		// An empty log for a mistyped number would read as "nothing happened".
		if _, err := s.svc.Invoice(ctx, f.InvoiceNumber); err != nil {
			return payFailed(err)
		}
	}
	slices.Reverse(entries) // the store gives newest first; people read down
	var last int64
	for _, e := range entries {
		last = max(last, e.ID)
	}
	switch {
	case opt.asJSON && !opt.follow:
		rows := make([]logJSON, 0, len(entries))
		for _, e := range entries {
			rows = append(rows, newLogJSON(s.out.p, e))
		}
		return s.out.json(rows)
	case len(entries) == 0 && !opt.follow:
		s.out.println(s.out.p.T(pick(f.InvoiceNumber != "" || f.Level != "", "cli.log.empty_selection", "cli.log.empty")))
		return nil
	}
	if err := printLogRows(s.out, entries, opt.asJSON); err != nil {
		return err
	}
	if !opt.follow {
		return nil
	}
	return followLog(ctx, s, f, last, opt.asJSON)
}

// followLog prints rows newer than last whenever the database changes,
// until ctx ends (Ctrl+C).
func followLog(ctx context.Context, s *session, f domain.LogFilter, last int64, asJSON bool) error {
	changes := s.svc.Changes(ctx, 250*time.Millisecond)
	tick := time.NewTicker(followPoll)
	defer tick.Stop()
	f.Limit = 0
	for {
		select {
		case <-ctx.Done():
			return nil
		case <-changes:
		case <-tick.C:
		}
		f.AfterID = last
		entries, err := s.svc.Log(ctx, f)
		if err != nil {
			if ctx.Err() != nil {
				return nil
			}
			return err
		}
		slices.Reverse(entries)
		for _, e := range entries {
			last = max(last, e.ID)
		}
		if err := printLogRows(s.out, entries, asJSON); err != nil {
			return err
		}
	}
}

func printLogRows(o *output, entries []domain.LogEntry, asJSON bool) error {
	for _, e := range entries {
		if asJSON {
			if err := o.jsonLine(newLogJSON(o.p, e)); err != nil {
				return err
			}
			continue
		}
		var level string
		switch e.Level {
		case domain.LevelError:
			level = o.bad.Render("ERROR")
		case domain.LevelWarn:
			level = o.warn.Render("WARN ")
		default:
			level = o.faint.Render("info ")
		}
		msg := o.p.Log(e)
		subject := e.InvoiceNumber
		if e.MollieID != "" && !strings.Contains(msg, e.MollieID) {
			subject = joinNonEmpty(subject, e.MollieID)
		}
		status := ""
		if e.HTTPStatus != 0 {
			status = " [" + strconv.Itoa(e.HTTPStatus) + "]"
		}
		o.printf("%s %s %-8s %s%s%s\n", o.faint.Render(o.p.Date(e.At.Local())+" "+e.At.Local().Format("15:04:05")), level, sanitize.Terminal(e.Actor),
			pick(subject != "", sanitize.Terminal(subject)+": ", ""), sanitize.Terminal(msg), status)
	}
	return nil
}

func joinNonEmpty(a, b string) string {
	if a == "" {
		return b
	}
	return a + " " + b
}
