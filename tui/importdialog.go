package tui

import (
	"errors"
	"path/filepath"
	"strings"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"

	"github.com/paydesk/paydesk/domain"
	"github.com/paydesk/paydesk/importer"
	"github.com/paydesk/paydesk/sanitize"
)

// importDialog imports invoice files in two steps: the bookkeeper names
// the files, sees what paydesk reads in them (format, mapping, first rows,
// every warning and problem) and only then confirms. Reading writes
// nothing; only the confirmation imports, reading the files again as
// `paydesk import` does. Neither holds the files' invoices: they are read
// in batches, counted for the preview and stored batch by batch.
type importDialog struct {
	sh    *shared
	files textinput.Model
	// read is the preview of the named files; nil while they are being
	// named or read. count is how many invoices it would import.
	read    *importer.Result
	readErr error
	count   int
	paths   []string
	opt     importer.Options
	reading bool
	err     string
}

// What the import dialog asks for and gets back.
type (
	importReadMsg struct {
		paths []string
		opt   importer.Options
		res   *importer.Result
		count int
		err   error
	}
	importConfirmedMsg struct {
		paths []string
		opt   importer.Options
	}
)

func newImportDialog(sh *shared) (*importDialog, tea.Cmd) {
	d := &importDialog{sh: sh}
	d.files = newInput(sh, "", sh.p.T("tui.import.placeholder"))
	d.files.SetWidth(dialogWidth - 8)
	return d, d.files.Focus()
}

func (d *importDialog) Capturing() bool { return d.read == nil }

func (d *importDialog) Update(msg tea.Msg) (bool, tea.Msg, tea.Cmd) {
	k := d.sh.keys
	switch msg := msg.(type) {
	case importReadMsg:
		d.reading, d.paths, d.opt, d.read, d.count, d.readErr = false, msg.paths, msg.opt, msg.res, msg.count, msg.err
		return false, nil, nil
	case tea.KeyPressMsg:
		switch {
		case key.Matches(msg, k.Cancel) && d.read != nil:
			d.read, d.readErr = nil, nil // back to naming the files
			return false, nil, d.files.Focus()
		case key.Matches(msg, k.Cancel):
			return true, nil, nil
		case key.Matches(msg, k.Confirm) && d.read != nil:
			if d.readErr != nil || d.count == 0 {
				return false, nil, nil // nothing that could be imported
			}
			return true, importConfirmedMsg{paths: d.paths, opt: d.opt}, nil
		case key.Matches(msg, k.Confirm):
			return false, nil, d.start()
		}
	}
	if d.read != nil {
		return false, nil, nil
	}
	var cmd tea.Cmd
	d.files, cmd = d.files.Update(msg)
	return false, nil, cmd
}

// start reads the named files (globs expanded) off the update loop.
func (d *importDialog) start() tea.Cmd {
	var paths []string
	for _, f := range strings.Fields(d.files.Value()) {
		if m, err := filepath.Glob(f); err == nil && len(m) > 0 {
			paths = append(paths, m...)
		} else {
			paths = append(paths, f)
		}
	}
	if len(paths) == 0 {
		d.err = d.sh.p.T("tui.import.no_files")
		return nil
	}
	d.err, d.reading = "", true
	svc, ctx := d.sh.svc, d.sh.ctx
	return func() tea.Msg {
		opt := importer.Options{Remembered: importer.RememberedFrom(func(set string) (string, error) { return svc.ImportMapping(ctx, set) })}
		count := 0
		res, err := importer.Stream(paths, opt, importer.BatchSize, func(b []domain.Invoice) error {
			count += len(b)
			return nil
		})
		return importReadMsg{paths: paths, opt: opt, res: res, count: count, err: err}
	}
}

func (d *importDialog) View(width int) string {
	p := d.sh.p
	help := d.sh.shortHelp(dialogWidth-4, d.ShortHelp())
	if d.read == nil {
		notes := []string{p.T("tui.import.hint")}
		if d.reading {
			notes = append(notes, p.T("tui.import.reading"))
		}
		if d.err != "" {
			notes = append(notes, d.sh.styles.Error.Render(d.err))
		}
		return dialogBox(d.sh, width, p.T("tui.import.title"), []fact{{p.T("tui.import.files"), d.files.View()}}, notes, "", help)
	}
	var lines []string
	for _, f := range d.read.Files {
		lines = append(lines, d.sh.styles.Label.Render(sanitize.Terminal(filepath.Base(f.File)))+" "+sanitize.Terminal(p.Text(f.Format)))
		if len(f.Mapping) > 0 {
			parts := make([]string, len(f.Mapping))
			for i, m := range f.Mapping {
				parts[i] = p.T("field."+m.Field) + "←" + sanitize.Terminal(m.Column)
			}
			lines = append(lines, "  "+strings.Join(parts, ", "))
		}
		for _, inv := range f.Rows {
			lines = append(lines, "  "+sanitize.Terminal(inv.Number)+"  "+sanitize.Terminal(inv.Customer)+"  "+p.Money(inv.Total)+
				"  "+p.T("tui.pane.outstanding")+" "+p.Money(inv.Outstanding(d.sh.mode()))+"  "+p.Date(inv.DueDate))
		}
	}
	for _, w := range d.read.Warnings {
		lines = append(lines, d.sh.styles.Warn.Render(p.T("tui.import.warning", sanitize.Terminal(p.Text(w.Text())))))
	}
	var ie *importer.Error
	switch {
	case d.readErr != nil && errors.As(d.readErr, &ie):
		for _, pr := range ie.Problems {
			lines = append(lines, d.sh.styles.Error.Render(sanitize.Terminal(p.Text(pr.Text()))))
		}
		lines = append(lines, "", p.T("tui.import.refused", len(ie.Problems)))
	case d.readErr != nil:
		lines = append(lines, d.sh.styles.Error.Render(p.Err(d.readErr)))
	default:
		lines = append(lines, "", p.T("tui.import.confirm", d.count))
	}
	return dialogBox(d.sh, width, p.T("tui.import.title"), nil, lines, "", help)
}

func (d *importDialog) ShortHelp() []key.Binding {
	return []key.Binding{d.sh.keys.Confirm, d.sh.keys.Cancel}
}
