package mock_test

import (
	"testing"

	"github.com/paydesk/paydesk/domain"
	"github.com/paydesk/paydesk/mock"
	"github.com/paydesk/paydesk/storetest"
)

func TestStoreContract(t *testing.T) {
	storetest.Run(t, func(*testing.T) domain.Store { return mock.NewStore() })
}
