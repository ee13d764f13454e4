package assets

import (
	"embed"
	"io/fs"
)

//go:embed mail/*.txt mail/*.html
var mailTemplates embed.FS

// MailTemplates are the default e-mail templates, named KIND.LANG.txt (its
// first line "Subject: …") and KIND.LANG.html, for the kinds invoice and
// reminder. An office overrides one by putting a file of the same name in
// the mail-templates folder beside its database.
func MailTemplates() fs.FS {
	sub, err := fs.Sub(mailTemplates, "mail")
	if err != nil {
		panic(err) // the folder is embedded: missing means a broken build
	}
	return sub
}
