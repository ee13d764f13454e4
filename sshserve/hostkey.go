package sshserve

import (
	"crypto/ed25519"
	"crypto/rand"
	"encoding/pem"
	"errors"
	"fmt"
	"io/fs"
	"os"

	gossh "golang.org/x/crypto/ssh"
)

// hostKey reads the server's private key, generating an Ed25519 key with
// mode 0600 on first start. A key others can read is refused: whoever has
// it can pose as this server.
func hostKey(path string) (gossh.Signer, bool, error) {
	created := false
	data, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		if data, err = newHostKey(path); err != nil {
			return nil, false, err
		}
		created = true
	} else if err != nil {
		return nil, false, fmt.Errorf("read the SSH host key: %w", err)
	}
	info, err := os.Stat(path)
	if err != nil {
		return nil, false, fmt.Errorf("read the SSH host key: %w", err)
	}
	if info.Mode().Perm()&0o077 != 0 {
		return nil, false, fmt.Errorf("the SSH host key %s can be read by others (mode %04o); make it private with chmod 600", path, info.Mode().Perm())
	}
	signer, err := gossh.ParsePrivateKey(data)
	if err != nil {
		return nil, false, fmt.Errorf("the SSH host key %s is not an unencrypted OpenSSH private key: %w; move it away and a new one is made", path, err)
	}
	return signer, created, nil
}

func newHostKey(path string) ([]byte, error) {
	_, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		return nil, fmt.Errorf("generate the SSH host key: %w", err)
	}
	block, err := gossh.MarshalPrivateKey(priv, "paydesk host key")
	if err != nil {
		return nil, fmt.Errorf("encode the SSH host key: %w", err)
	}
	data := pem.EncodeToMemory(block)
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return nil, fmt.Errorf("write the SSH host key: %w", err)
	}
	if _, err := f.Write(data); err != nil {
		f.Close()
		os.Remove(path)
		return nil, fmt.Errorf("write the SSH host key: %w", err)
	}
	if err := f.Close(); err != nil {
		return nil, fmt.Errorf("write the SSH host key: %w", err)
	}
	return data, nil
}
