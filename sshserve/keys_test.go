package sshserve

import (
	"crypto/ed25519"
	"crypto/rand"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	gossh "golang.org/x/crypto/ssh"

	"github.com/paydesk/paydesk/domain"
)

func newKey(t *testing.T) gossh.PublicKey {
	t.Helper()
	pub, _, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	k, err := gossh.NewPublicKey(pub)
	if err != nil {
		t.Fatal(err)
	}
	return k
}

func line(options string, k gossh.PublicKey) string {
	return options + " " + strings.TrimSpace(string(gossh.MarshalAuthorizedKey(k))) + " someone@laptop\n"
}

func TestParseKeys(t *testing.T) {
	anna, bert, carl, dora, eve := newKey(t), newKey(t), newKey(t), newKey(t), newKey(t)
	file := KeysTemplate +
		line(`name="Anna Jansen",role=bookkeeper`, anna) +
		line(`role="viewer",name=Bert`, bert) +
		line(`name="Carl",role=root`, carl) +
		line(`role=admin`, dora) +
		line("name=\"Eve\x1b[2J\",role=admin", eve) +
		"not a key at all\n" +
		line(`name="Anna again",role=admin`, anna) +
		line(`name="Frank",role=admin,command="sh"`, newKey(t))
	keys, problems := parseKeys([]byte(file))
	if got := keys[string(anna.Marshal())]; got.Name != "Anna Jansen" || got.Role != domain.RoleBookkeeper || got.Fingerprint != gossh.FingerprintSHA256(anna) {
		t.Errorf("anna: %+v", got)
	}
	if got := keys[string(bert.Marshal())]; got.Name != "Bert" || got.Role != domain.RoleViewer {
		t.Errorf("bert: %+v", got)
	}
	if len(keys) != 2 {
		t.Errorf("%d keys admitted, want 2: %+v", len(keys), keys)
	}
	want := []string{"line 10: Carl has role \"root\"", "line 11: the key has no name", "line 12: the name", "line 13: not an OpenSSH", "line 14: the key of \"Anna Jansen\" is listed again", "line 15: unknown option \"command\""}
	if len(problems) != len(want) {
		t.Fatalf("problems:\n%s", strings.Join(problems, "\n"))
	}
	for i, w := range want {
		if !strings.HasPrefix(problems[i], w) {
			t.Errorf("problem %d: %q, want it to start with %q", i, problems[i], w)
		}
	}
}

// An edit counts for the next lookup, and a file anyone may write admits nobody.
func TestKeyringReadsEdits(t *testing.T) {
	path := filepath.Join(t.TempDir(), "authorized_keys")
	if _, err := ensureKeysFile(path); err != nil {
		t.Fatal(err)
	}
	var warned []string
	k := &keyring{path: path, warn: func(f string, a ...any) { warned = append(warned, fmt.Sprintf(f, a...)) }}
	anna := newKey(t)
	if _, ok := k.lookup(anna); ok {
		t.Fatal("an empty file admits a key")
	}
	if err := os.WriteFile(path, []byte(line(`name=Anna,role=viewer`, anna)), 0o600); err != nil {
		t.Fatal(err)
	}
	if id, ok := k.lookup(anna); !ok || id.Role != domain.RoleViewer {
		t.Fatalf("after adding the key: %+v %v", id, ok)
	}
	if err := os.WriteFile(path, []byte(line(`name=Anna,role=admin`, anna)), 0o600); err != nil {
		t.Fatal(err)
	}
	if id, _ := k.lookup(anna); id.Role != domain.RoleAdmin {
		t.Fatalf("a changed role is not read: %+v", id)
	}
	for _, c := range []struct {
		mode fs.FileMode
		says string
	}{{0o666, "writable by every user"}, {0o620, "writable by its group"}} {
		if err := os.Chmod(path, c.mode); err != nil {
			t.Fatal(err)
		}
		warned = nil
		if _, ok := k.lookup(anna); ok || len(warned) != 1 || !strings.Contains(warned[0], c.says) || !strings.Contains(warned[0], "chmod 600") {
			t.Errorf("a file with mode %04o admits keys or does not say why (warnings %q)", c.mode, warned)
		}
	}
	// Reading a list of public keys gives nobody access.
	if err := os.Chmod(path, 0o644); err != nil {
		t.Fatal(err)
	}
	if _, ok := k.lookup(anna); !ok {
		t.Errorf("a file readable by others but writable only by its owner admits nobody (warnings %q)", warned)
	}
	if _, ok := k.lookup(nil); ok {
		t.Error("no key is admitted")
	}
}

func TestHostKeyIsMadeOnceAndPrivate(t *testing.T) {
	path := filepath.Join(t.TempDir(), "host_key")
	first, created, err := hostKey(path)
	if err != nil || !created {
		t.Fatalf("first start: %v %v", created, err)
	}
	info, err := os.Stat(path)
	if err != nil || info.Mode().Perm() != 0o600 {
		t.Fatalf("host key mode %v %v", info.Mode(), err)
	}
	again, created, err := hostKey(path)
	if err != nil || created || gossh.FingerprintSHA256(again.PublicKey()) != gossh.FingerprintSHA256(first.PublicKey()) {
		t.Fatalf("second start made another key: %v %v", created, err)
	}
	if err := os.Chmod(path, 0o644); err != nil {
		t.Fatal(err)
	}
	if _, _, err := hostKey(path); err == nil || !strings.Contains(err.Error(), "chmod 600") {
		t.Errorf("a readable host key is used: %v", err)
	}
}
