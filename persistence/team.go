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
// store. Running it again on a prepared database is harmless.
func InitShared(ctx context.Context, path, group string) (*Store, error) {
	gid, err := lookupGroup(group)
	if err != nil {
		return nil, err
	}
	abs, err := filepath.Abs(path)
	if err != nil {
		return nil, fmt.Errorf("database path %s: %w", path, err)
	}
	dir := filepath.Dir(abs)
	if err := os.MkdirAll(dir, 0o770); err != nil {
		return nil, fmt.Errorf("create database folder %s: %w", dir, err)
	}
	if err := share(dir, gid, group, sharedDirMode); err != nil {
		return nil, err
	}
	// O_EXCL: an existing database is never opened here, because closing a
	// descriptor would drop the SQLite locks this process may hold on it.
	f, err := os.OpenFile(abs, os.O_RDWR|os.O_CREATE|os.O_EXCL, sharedFileMode)
	switch {
	case err == nil:
		if err := f.Close(); err != nil {
			return nil, fmt.Errorf("create database %s: %w", abs, err)
		}
	case !errors.Is(err, fs.ErrExist):
		return nil, fmt.Errorf("create database %s: %w", abs, err)
	}
	if err := share(abs, gid, group, sharedFileMode); err != nil {
		return nil, err
	}
	s, err := openPrepared(ctx, abs)
	if err != nil {
		return nil, err
	}
	if err := s.shareSideFiles(ctx, gid, group); err != nil {
		s.Close()
		return nil, err
	}
	return s, nil
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
