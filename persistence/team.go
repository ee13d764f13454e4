package persistence

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"os/user"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
)

// sharedDirMode: owner and group may do everything, others nothing; setgid
// makes every file created inside belong to the folder's group, whoever
// creates it.
const (
	sharedDirMode  = 0o770 | fs.ModeSetgid
	sharedFileMode = 0o660
)

// InitShared prepares a database that the members of group share on one
// box: the folder gets mode 2770 and the group, and the database with its
// -wal, -shm and -lock files get mode 0660 and the group. It returns the open
// store and, one line each, what it changed on things that existed before.
//
// What it creates it sets up freely. A folder or database that already
// exists with another group or mode is left alone and the call refused,
// saying what would change, unless adopt is true: a home folder, /tmp or a
// private database holding the API key must not be opened up by accident.
// Running it again on a prepared database changes nothing and is harmless.
func InitShared(ctx context.Context, path, group string, adopt bool) (*Store, []string, error) {
	gid, err := lookupGroup(group)
	if err != nil {
		return nil, nil, err
	}
	abs, err := filepath.Abs(path)
	if err != nil {
		return nil, nil, fmt.Errorf("database path %s: %w", path, err)
	}
	dir := filepath.Dir(abs)
	existing := []struct {
		path string
		mode fs.FileMode
	}{{dir, sharedDirMode}, {abs, sharedFileMode}}
	for _, suffix := range []string{"-wal", "-shm", "-lock"} {
		existing = append(existing, struct {
			path string
			mode fs.FileMode
		}{abs + suffix, sharedFileMode})
	}
	var planned []string
	for _, e := range existing {
		if change, err := shareChange(e.path, gid, group, e.mode); err != nil {
			return nil, nil, err
		} else if change != "" {
			planned = append(planned, change)
		}
	}
	if len(planned) > 0 && !adopt {
		return nil, nil, fmt.Errorf("nothing was changed: sharing with group %s would change what exists already:\n  %s\n"+
			"run it again with --adopt-existing if that is what you want, or give --db a path in a new folder", group, strings.Join(planned, "\n  "))
	}
	if err := os.MkdirAll(dir, 0o770); err != nil {
		return nil, nil, fmt.Errorf("create database folder %s: %w", dir, err)
	}
	if err := share(dir, gid, group, sharedDirMode); err != nil {
		return nil, nil, err
	}
	// O_EXCL: an existing database is never opened here, because closing a
	// descriptor would drop the SQLite locks this process may hold on it.
	f, err := os.OpenFile(abs, os.O_RDWR|os.O_CREATE|os.O_EXCL, sharedFileMode)
	switch {
	case err == nil:
		if err := f.Close(); err != nil {
			return nil, nil, fmt.Errorf("create database %s: %w", abs, err)
		}
	case !errors.Is(err, fs.ErrExist):
		return nil, nil, fmt.Errorf("create database %s: %w", abs, err)
	}
	if err := share(abs, gid, group, sharedFileMode); err != nil {
		return nil, nil, err
	}
	s, err := openPrepared(ctx, abs)
	if err != nil {
		return nil, nil, err
	}
	if err := s.shareSideFiles(ctx, gid, group); err != nil {
		s.Close()
		return nil, nil, err
	}
	return s, planned, nil
}

// shareChange says what share would change on an existing p ("" when
// nothing, or when p does not exist yet).
func shareChange(p string, gid int, group string, mode fs.FileMode) (string, error) {
	info, err := os.Stat(p)
	if errors.Is(err, fs.ErrNotExist) {
		return "", nil
	}
	if err != nil {
		return "", fmt.Errorf("share %s: %w", p, err)
	}
	var parts []string
	if st, ok := info.Sys().(*syscall.Stat_t); ok && int(st.Gid) != gid {
		from := strconv.Itoa(int(st.Gid))
		if g, err := user.LookupGroupId(from); err == nil {
			from = g.Name
		}
		parts = append(parts, fmt.Sprintf("group %s → %s", from, group))
	}
	want := mode & (fs.ModePerm | fs.ModeSetgid)
	if have := info.Mode() & (fs.ModePerm | fs.ModeSetgid | fs.ModeSticky); have != want {
		parts = append(parts, fmt.Sprintf("mode %04o → %04o", unixMode(have), unixMode(want)))
	}
	if len(parts) == 0 {
		return "", nil
	}
	return p + ": " + strings.Join(parts, ", "), nil
}

// unixMode is m as chmod writes it, with the setgid and sticky bits.
func unixMode(m fs.FileMode) uint32 {
	u := uint32(m.Perm())
	if m&fs.ModeSetgid != 0 {
		u |= 0o2000
	}
	if m&fs.ModeSticky != 0 {
		u |= 0o1000
	}
	return u
}

// shareSideFiles writes once so that SQLite creates the -wal and -shm
// files, then hands them and the writers' lock file to the group: the
// first member to open the database after us must be able to use them.
func (s *Store) shareSideFiles(ctx context.Context, gid int, group string) error {
	err := s.write(ctx, func(tx *sql.Tx) error {
		v, err := userVersion(ctx, tx)
		if err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, "PRAGMA user_version = "+strconv.Itoa(v))
		return err
	})
	if err != nil {
		return fmt.Errorf("create the database's -wal and -shm files: %w", err)
	}
	for _, suffix := range []string{"-wal", "-shm", "-lock"} {
		if err := share(s.path+suffix, gid, group, sharedFileMode); err != nil {
			return err
		}
	}
	return nil
}

func lookupGroup(name string) (int, error) {
	g, err := user.LookupGroup(name)
	if err != nil {
		var unknown user.UnknownGroupError
		if errors.As(err, &unknown) {
			return 0, fmt.Errorf("group %q does not exist; create it first (groupadd %s) and add the bookkeepers to it", name, name)
		}
		return 0, fmt.Errorf("look up group %q: %w", name, err)
	}
	gid, err := strconv.Atoi(g.Gid)
	if err != nil {
		return 0, fmt.Errorf("group %q has the non-numeric id %q", name, g.Gid)
	}
	return gid, nil
}

// share gives p to the group with the given mode, touching nothing that is
// already right, so that a member who does not own p can run it again.
func share(p string, gid int, group string, mode fs.FileMode) error {
	info, err := os.Stat(p)
	if err != nil {
		return fmt.Errorf("share %s: %w", p, err)
	}
	if st, ok := info.Sys().(*syscall.Stat_t); !ok || int(st.Gid) != gid {
		if err := os.Chown(p, -1, gid); err != nil {
			return fmt.Errorf("cannot give %s to group %s (only its owner, as a member of %s, or root can): %w", p, group, group, err)
		}
	}
	want := mode & (fs.ModePerm | fs.ModeSetgid)
	if info.Mode()&(fs.ModePerm|fs.ModeSetgid) != want {
		if err := os.Chmod(p, want); err != nil {
			return fmt.Errorf("cannot set mode %s on %s: %w", want, p, err)
		}
	}
	return nil
}
