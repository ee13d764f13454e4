package persistence

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
)

const (
	settingSQL    = `SELECT value FROM settings WHERE key = ?`
	delSettingSQL = `DELETE FROM settings WHERE key = ?`
	putSettingSQL = `
INSERT INTO settings (key, value) VALUES (?, ?)
ON CONFLICT (key) DO UPDATE SET value = excluded.value`
)

// Setting returns the value stored under key, "" when there is none.
func (s *Store) Setting(ctx context.Context, key string) (string, error) {
	var v string
	err := s.stmts.setting.QueryRowContext(ctx, key).Scan(&v)
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil
	}
	if err != nil {
		// The key is named, never the value: it may be the API key.
		return "", fmt.Errorf("read setting %s: %w", key, err)
	}
	return v, nil
}

// SetSetting stores value under key; "" removes the setting.
func (s *Store) SetSetting(ctx context.Context, key, value string) error {
	err := s.write(ctx, func(tx *sql.Tx) error {
		if value == "" {
			_, err := tx.StmtContext(ctx, s.stmts.delSetting).ExecContext(ctx, key)
			return err
		}
		_, err := tx.StmtContext(ctx, s.stmts.putSetting).ExecContext(ctx, key, value)
		return err
	})
	if err != nil {
		return fmt.Errorf("store setting %s: %w", key, err)
	}
	return nil
}
