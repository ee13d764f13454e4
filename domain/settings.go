package domain

import (
	"net"
	"net/url"
	"strconv"
	"strings"
)

// Setting keys. The API key is stored under SettingAPIKey and never shown.
const (
	SettingIntegration = "integration"  // "on" or "off" (default off)
	SettingAPIKey      = "api_key"      // never listed, never logged
	SettingProfile     = "profile"      // "name\twebsite\tmode" of the connected profile
	SettingPaymentKind = "payment_kind" // link (default) or checkout
	SettingLinkExpiry  = "link_expiry"  // due_date (default), never, or a number of days
	SettingReturnURL   = "return_url"   // needed for checkout
	SettingWebhookURL  = "webhook_url"  // public https URL of 'paydesk serve', optional
	SettingLanguage    = "language"     // en, de or nl
	SettingLogDays     = "log_retention_days"
	SettingSSHListen   = "ssh_listen" // host:port 'paydesk serve' offers the interface on over SSH; empty: no SSH
)

// SettingInfo describes a setting a user may change. Its name and help
// for people are the catalogue messages tui.setting.<key> and
// tui.setting.<key>.help, used by 'paydesk settings' and the setup screen.
type SettingInfo struct {
	Key     string
	Default string
}

// UserSettings are the settings 'paydesk settings' and the setup screen edit.
var UserSettings = []SettingInfo{
	{SettingPaymentKind, "link"},
	{SettingLinkExpiry, "due_date"},
	{SettingReturnURL, ""},
	{SettingWebhookURL, ""},
	{SettingLanguage, ""},
	{SettingLogDays, "365"},
	{SettingSMTPHost, ""},
	{SettingSMTPPort, "587"},
	{SettingSMTPSecurity, SecurityStartTLS},
	{SettingSMTPUser, ""},
	{SettingSMTPFrom, ""},
	{SettingSMTPReplyTo, ""},
	{SettingMailLanguage, ""},
	{SettingReminderEvery, "7"},
	{SettingSSHListen, ""},
}

func knownSetting(key string) bool {
	for _, s := range UserSettings {
		if s.Key == key {
			return true
		}
	}
	return false
}

// SettingDefault returns the default of a user setting ("" if none).
func SettingDefault(key string) string {
	for _, s := range UserSettings {
		if s.Key == key {
			return s.Default
		}
	}
	return ""
}

// ValidateSetting checks a value a user wants to store and returns it in
// canonical form.
func ValidateSetting(key, value string) (string, error) {
	value = strings.TrimSpace(value)
	switch key {
	case SettingPaymentKind:
		if _, ok := ParsePaymentKind(value); !ok {
			return "", Fail(WhySettingChoice, key, "link, checkout", value)
		}
	case SettingLinkExpiry:
		if _, err := ParseLinkExpiry(value); err != nil {
			return "", err
		}
	case SettingReturnURL:
		if value != "" {
			if err := checkHTTPURL(value); err != nil {
				return "", err
			}
		}
	case SettingWebhookURL:
		if value != "" {
			if err := CheckWebhookURL(value); err != nil {
				return "", err
			}
		}
	case SettingLanguage:
		if value != "" && value != "en" && value != "de" && value != "nl" {
			return "", Fail(WhySettingChoice, key, "en, de, nl", value)
		}
	case SettingLogDays:
		n, err := strconv.Atoi(value)
		if err != nil || n < 1 {
			return "", Fail(WhySettingDays, key, value)
		}
	case SettingSSHListen:
		if value != "" {
			if err := CheckListenAddress(value); err != nil {
				return "", err
			}
		}
	default:
		return validateMailSetting(key, value)
	}
	return value, nil
}

func unknownSetting(key string) error {
	return Fail(WhyUnknownSetting, key, settingKeys())
}

func settingKeys() string {
	keys := make([]string, len(UserSettings))
	for i, s := range UserSettings {
		keys[i] = s.Key
	}
	return strings.Join(keys, ", ")
}

// CheckListenAddress accepts host:port with a port from 0 to 65535.
func CheckListenAddress(addr string) error {
	_, port, err := net.SplitHostPort(addr)
	if n, perr := strconv.Atoi(port); err != nil || perr != nil || n < 0 || n > 65535 {
		return Fail(WhyListenAddress, SettingSSHListen, addr)
	}
	return nil
}

// LinkExpiry is how long a new payment link stays valid.
type LinkExpiry struct {
	DueDate bool // until the invoice's due date (when in the future)
	Days    int  // N days from creation (when > 0)
}

// ParseLinkExpiry reads "due_date", "never" or a number of days.
func ParseLinkExpiry(s string) (LinkExpiry, error) {
	switch s {
	case "", "due_date":
		return LinkExpiry{DueDate: true}, nil
	case "never":
		return LinkExpiry{}, nil
	}
	n, err := strconv.Atoi(strings.TrimSuffix(s, "d"))
	if err != nil || n < 1 || n > 3650 {
		return LinkExpiry{}, Fail(WhyLinkExpiry, s)
	}
	return LinkExpiry{Days: n}, nil
}

// CheckWebhookURL applies Mollie's rule: the URL must be reachable from the
// internet, so https to a public host, never localhost, loopback or .local/.test.
func CheckWebhookURL(raw string) error {
	u, err := url.Parse(raw)
	if err != nil || u.Host == "" {
		return Fail(WhyWebhookURL, raw)
	}
	if u.Scheme != "https" {
		return Fail(WhyWebhookHTTPS)
	}
	host := strings.ToLower(u.Hostname())
	if !PublicHost(host) {
		return Fail(WhyWebhookHost, host)
	}
	return nil
}

// PublicHost reports whether Mollie could reach host from the internet.
func PublicHost(host string) bool {
	host = strings.TrimSuffix(strings.ToLower(host), ".")
	if host == "" || host == "localhost" || strings.HasSuffix(host, ".localhost") ||
		strings.HasSuffix(host, ".local") || strings.HasSuffix(host, ".test") || strings.HasSuffix(host, ".internal") {
		return false
	}
	if ip := net.ParseIP(host); ip != nil {
		return !(ip.IsLoopback() || ip.IsPrivate() || ip.IsUnspecified() || ip.IsLinkLocalUnicast())
	}
	return strings.Contains(host, ".")
}

func checkHTTPURL(raw string) error {
	u, err := url.Parse(raw)
	if err != nil || u.Host == "" || (u.Scheme != "https" && u.Scheme != "http") {
		return Fail(WhyNotURL, SettingReturnURL, raw)
	}
	return nil
}

// SettingChoices are the values a setting with a fixed set takes, in the
// order a picker offers them; nil for settings typed freely. link_expiry
// also takes other numbers of days, set from the command line.
func SettingChoices(key string) []string {
	switch key {
	case SettingPaymentKind:
		return []string{"link", "checkout"}
	case SettingLinkExpiry:
		return []string{"due_date", "never", "7", "14", "30", "60", "90"}
	case SettingLanguage:
		return []string{"", "en", "de", "nl"} // "": from the environment
	}
	return nil
}
