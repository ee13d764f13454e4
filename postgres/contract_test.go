package postgres_test

import (
	"context"
	"testing"

	"github.com/paydesk/paydesk/domain"
	"github.com/paydesk/paydesk/postgres"
	"github.com/paydesk/paydesk/storetest"
)

func open(t testing.TB, dsn string) *postgres.Store {
	t.Helper()
	s, err := postgres.Open(context.Background(), dsn)
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

func TestStoreContract(t *testing.T) {
	storetest.Run(t, func(t *testing.T) domain.Store { return open(t, storetest.PostgresDSN(t)) })
}
