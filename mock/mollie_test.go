package mock_test

import (
	"testing"

	"github.com/paydesk/paydesk/mock"
	"github.com/paydesk/paydesk/storetest"
)

func TestGatewayContract(t *testing.T) {
	storetest.RunGateway(t, func(*testing.T) storetest.Gateways {
		gateways := mock.NewMollie().Gateways()
		return storetest.Gateways{Test: gateways("test_dHar4XY7LxsDOtmnkVtjNVWXLSlXsM"), Refused: gateways("not-a-key")}
	})
}
