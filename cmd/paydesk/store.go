package main

import (
	"context"
	"io"

	"github.com/paydesk/paydesk/domain"
	"github.com/paydesk/paydesk/persistence"
	"github.com/paydesk/paydesk/postgres"
)

// openStore opens the database --db names: a postgres:// or postgresql://
// URL selects the PostgreSQL store, anything else is a SQLite file.
// readOnly applies to a SQLite file; PostgreSQL's roles decide who may
// write there.
func openStore(ctx context.Context, db string, warn io.Writer, readOnly bool) (domain.Store, error) {
	if postgres.IsURL(db) {
		return postgres.Open(ctx, db)
	}
	return persistence.Open(ctx, db, persistence.Options{Warn: warn, ReadOnly: readOnly})
}
