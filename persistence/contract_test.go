package persistence

import (
	"path/filepath"
	"testing"

	"github.com/paydesk/paydesk/domain"
	"github.com/paydesk/paydesk/storetest"
)

func TestStoreContract(t *testing.T) {
	storetest.Run(t, func(t *testing.T) domain.Store {
		return openAt(t, filepath.Join(t.TempDir(), "paydesk.db"))
	})
}
