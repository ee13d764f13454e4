package sshserve

import (
	"bytes"
	"crypto/sha256"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"strings"
	"sync"

	gossh "golang.org/x/crypto/ssh"

	"github.com/paydesk/paydesk/domain"
)

// Identity is who a key belongs to, as the authorized-keys file says.
type Identity struct {
	Name        string
	Role        domain.Role
	Fingerprint string // SHA256:… of the key that authenticated
}

// Actor is how the log names the person: the key's name and fingerprint.
func (id Identity) Actor() string { return id.Name + " (" + id.Fingerprint + ")" }

// KeysTemplate is what a new authorized-keys file holds: how to add a key.
const KeysTemplate = `# Who may use paydesk over SSH: one public key per line, in OpenSSH
# authorized_keys format, with two options in front of the key:
#   name="Anna Jansen",role=bookkeeper ssh-ed25519 AAAAC3Nza… anna@laptop
# role is viewer (looks, copies links), bookkeeper (also requests links,
# records payments, imports) or admin (also connects Mollie, changes
# settings). The name is what the log and the header show. Changes take
# effect for the next session; no restart is needed.
`

// parseKeys reads an authorized-keys file. A line it cannot use admits
// nobody and is reported with its number; the other lines still count.
func parseKeys(data []byte) (map[string]Identity, []string) {
	keys := map[string]Identity{}
	var problems []string
	for n, raw := range bytes.Split(data, []byte("\n")) {
		line := bytes.TrimSpace(raw)
		if len(line) == 0 || line[0] == '#' {
			continue
		}
		id, key, err := parseKeyLine(line)
		if err != nil {
			problems = append(problems, fmt.Sprintf("line %d: %v", n+1, err))
			continue
		}
		k := string(key.Marshal())
		if prev, dup := keys[k]; dup {
			problems = append(problems, fmt.Sprintf("line %d: the key of %q is listed again; the first line (role %s) counts", n+1, prev.Name, prev.Role))
			continue
		}
		keys[k] = id
	}
	return keys, problems
}

func parseKeyLine(line []byte) (Identity, gossh.PublicKey, error) {
	key, _, options, _, err := gossh.ParseAuthorizedKey(line)
	if err != nil {
		return Identity{}, nil, errors.New("not an OpenSSH public key line")
	}
	if _, isCert := key.(*gossh.Certificate); isCert {
		return Identity{}, nil, errors.New("certificates are not accepted; list the plain public key")
	}
	id := Identity{Fingerprint: gossh.FingerprintSHA256(key)}
	var role string
	for _, o := range options {
		name, value, _ := strings.Cut(o, "=")
		value = strings.TrimSuffix(strings.TrimPrefix(value, `"`), `"`)
		switch strings.ToLower(name) {
		case "name":
			id.Name = value
		case "role":
			role = value
		default:
			return Identity{}, nil, fmt.Errorf("unknown option %q; only name=\"…\" and role=… are understood", name)
		}
	}
	if err := checkName(id.Name); err != nil {
		return Identity{}, nil, err
	}
	r, ok := domain.ParseRole(role)
	if !ok {
		return Identity{}, nil, fmt.Errorf("%s has role %q; give role=viewer, role=bookkeeper or role=admin", id.Name, role)
	}
	id.Role = r
	return id, key, nil
}

// checkName keeps names short and plain: they are written to terminals
// and into the log.
func checkName(name string) error {
	if name == "" {
		return errors.New(`the key has no name; put name="…" in front of it`)
	}
	if len([]rune(name)) > 40 {
		return fmt.Errorf("the name %q is longer than 40 characters", name)
	}
	for _, r := range name {
		ok := r == ' ' || r == '.' || r == '-' || r == '_' || r == '@' || r == '\'' ||
			(r >= '0' && r <= '9') || (r >= 'a' && r <= 'z') || (r >= 'A' && r <= 'Z') || (r >= 0xC0 && r <= 0x24F)
		if !ok {
			return fmt.Errorf("the name %q has a character other than letters, digits, spaces and .-_@'", name)
		}
	}
	return nil
}

// keyring answers who a key belongs to, reading the file again whenever it
// changed, so an edit takes effect for the next session.
type keyring struct {
	path string
	warn func(format string, args ...any)

	mu   sync.Mutex
	sum  [sha256.Size]byte
	keys map[string]Identity
	read bool
}

// lookup finds the identity of a key; a key the file does not list, or a
// file that cannot be trusted, admits nobody.
func (k *keyring) lookup(key gossh.PublicKey) (Identity, bool) {
	if key == nil {
		return Identity{}, false
	}
	keys := k.load()
	id, ok := keys[string(key.Marshal())]
	return id, ok
}

// count says how many keys the file admits now.
func (k *keyring) count() int { return len(k.load()) }

func (k *keyring) load() map[string]Identity {
	data, err := k.readFile()
	k.mu.Lock()
	defer k.mu.Unlock()
	sum := sha256.Sum256([]byte(fmt.Sprint(err)))
	if err == nil {
		sum = sha256.Sum256(data)
	}
	if k.read && sum == k.sum {
		return k.keys
	}
	k.read, k.sum = true, sum
	if err != nil {
		k.warn("%v; nobody can log in over SSH until it is fixed", err)
		k.keys = nil
		return nil
	}
	keys, problems := parseKeys(data)
	for _, p := range problems {
		k.warn("%s: %s", k.path, p)
	}
	k.keys = keys
	return keys
}

func (k *keyring) readFile() ([]byte, error) {
	info, err := os.Stat(k.path)
	if err != nil {
		return nil, fmt.Errorf("authorized-keys file: %w", err)
	}
	// Whoever may write the file may give themselves any role, as sshd's
	// StrictModes also holds.
	switch perm := info.Mode().Perm(); {
	case perm&0o002 != 0:
		return nil, fmt.Errorf("authorized-keys file %s is writable by every user of this machine (mode %04o), so anyone could give themselves access; make it private with chmod 600", k.path, perm)
	case perm&0o020 != 0:
		return nil, fmt.Errorf("authorized-keys file %s is writable by its group (mode %04o), so anyone in that group could give themselves access; make it private with chmod 600", k.path, perm)
	}
	data, err := os.ReadFile(k.path)
	if err != nil {
		return nil, fmt.Errorf("authorized-keys file: %w", err)
	}
	return data, nil
}

// ensureKeysFile creates an authorized-keys file that explains itself when
// there is none yet, so that the way to give access is plain to see.
func ensureKeysFile(path string) (created bool, err error) {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if errors.Is(err, fs.ErrExist) {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("create the authorized-keys file: %w", err)
	}
	if _, err := f.WriteString(KeysTemplate); err != nil {
		f.Close()
		return false, fmt.Errorf("write the authorized-keys file: %w", err)
	}
	return true, f.Close()
}
