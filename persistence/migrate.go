package persistence

import (
	"context"
	"database/sql"
	"embed"
	"fmt"
	"io/fs"
	"path"
	"sort"
	"strconv"
	"strings"

	"github.com/paydesk/paydesk/domain"
)

//go:embed migrations/*.sql
var migrationFiles embed.FS

// migration is one schema step; after it the database has user_version version.
type migration struct {
	version int
	name    string
	sql     string
}

// embeddedMigrations reads the migrations compiled into the binary. Their
// file names start with the version they lead to: 0001_init.sql.
func embeddedMigrations() ([]migration, error) {
	entries, err := fs.ReadDir(migrationFiles, "migrations")
	if err != nil {
		return nil, fmt.Errorf("read embedded migrations: %w", err)
	}
	var ms []migration
	for _, e := range entries {
		prefix, _, ok := strings.Cut(e.Name(), "_")
		v, err := strconv.Atoi(prefix)
		if !ok || err != nil || v < 1 {
			return nil, fmt.Errorf("migration %s: the name must start with its version, as in 0001_init.sql", e.Name())
		}
		body, err := fs.ReadFile(migrationFiles, path.Join("migrations", e.Name()))
		if err != nil {
			return nil, fmt.Errorf("read migration %s: %w", e.Name(), err)
		}
		ms = append(ms, migration{version: v, name: e.Name(), sql: string(body)})
	}
	return ms, checkSequence(ms)
}

// checkSequence sorts ms and insists on versions 1, 2, 3, … without gaps,
// so that every database of a given version has the same schema.
func checkSequence(ms []migration) error {
	sort.Slice(ms, func(i, j int) bool { return ms[i].version < ms[j].version })
	for i, m := range ms {
		if m.version != i+1 {
			return fmt.Errorf("migration %s: expected version %d", m.name, i+1)
		}
	}
	return nil
}

// migrate brings the database up to the newest of ms, one transaction per
// step. A database newer than ms is refused: this binary would not know its
// schema.
func (s *Store) migrate(ctx context.Context, ms []migration) error {
	known := len(ms)
	have, err := userVersion(ctx, s.db)
	if err != nil {
		return err
	}
	if have > known {
		return domain.Fail(domain.WhyNewerDatabase, s.path, have, known)
	}
	for _, m := range ms[have:] {
		if err := s.write(ctx, func(tx *sql.Tx) error { return applyMigration(ctx, tx, m) }); err != nil {
			return fmt.Errorf("database %s: %w", s.path, err)
		}
	}
	return nil
}

func userVersion(ctx context.Context, q interface {
	QueryRowContext(context.Context, string, ...any) *sql.Row
}) (int, error) {
	var v int
	if err := q.QueryRowContext(ctx, "PRAGMA user_version").Scan(&v); err != nil {
		return 0, fmt.Errorf("read schema version: %w", err)
	}
	return v, nil
}

// applyMigration runs one step. It reads the version again under the write
// lock because another process opening the same new database may have
// applied the step meanwhile.
func applyMigration(ctx context.Context, tx *sql.Tx, m migration) error {
	have, err := userVersion(ctx, tx)
	if err != nil {
		return err
	}
	if have >= m.version {
		return nil
	}
	if _, err := tx.ExecContext(ctx, m.sql); err != nil {
		return fmt.Errorf("migration %s: %w", m.name, err)
	}
	// PRAGMA takes no bound parameters; the version is an integer we made.
	if _, err := tx.ExecContext(ctx, "PRAGMA user_version = "+strconv.Itoa(m.version)); err != nil {
		return fmt.Errorf("migration %s: set version: %w", m.name, err)
	}
	return nil
}

// SchemaVersion is the schema version the migrations of this binary lead
// to; 0 when they are broken, which Open reports.
func SchemaVersion() int {
	ms, err := embeddedMigrations()
	if err != nil {
		return 0
	}
	return len(ms)
}
