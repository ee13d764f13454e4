package domain

import (
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"strings"
	"sync"
	"time"
)

// ServiceConfig wires a Service to its ports.
type ServiceConfig struct {
	Store    Store
	Gateways GatewayFactory
	Clock    Clock // nil: the system clock
	// Actor is who acts through this Service: the OS user, or the SSH identity.
	Actor string
	// Role is what Actor may do; "" means every right, as for local use.
	Role Role
	// APIKeyOverride (PAYDESK_MOLLIE_API_KEY) wins over the stored key.
	APIKeyOverride string
	// Mailers sends e-mail; nil: this Service cannot.
	Mailers MailerFactory
	// MailPasswordOverride (PAYDESK_SMTP_PASSWORD) wins over the stored password.
	MailPasswordOverride string
	// OnPanic is told of a panic contained in a background job, besides
	// the integration log's error row; nil: only the row.
	OnPanic func(*PanicError)
}

// Service holds paydesk's use cases. Every front end (CLI, TUI, serve) goes
// through it; it talks to Mollie only through the Gateway and to SQLite only
// through the Store.
type Service struct {
	store    Store
	gateways GatewayFactory
	clock    Clock
	actor    string
	role     Role
	override string

	mailers      MailerFactory
	mailPassword string
	onPanic      func(*PanicError)

	mu    sync.Mutex
	gwKey string
	gw    Gateway
	// synced is the last sync cycle of this process, shared with the
	// Services made from this one by As: an SSH session's header tells how
	// the sync loop of the process serving it is doing.
	synced *lastSync
	// anomalies already logged by this process, so that a bad object
	// seen on every sync cycle leaves one error row, not one per cycle.
	anomalies map[string]bool
	// unknownHooks limits the warnings for webhooks about unknown ids:
	// anyone can post such ids, and each must not cost a log row.
	unknownHooks hookLimit
}

// hookLimit counts warnings in the current minute.
type hookLimit struct {
	window     time.Time
	logged     int
	suppressed int
}

// NewService builds a Service.
func NewService(cfg ServiceConfig) *Service {
	if cfg.Clock == nil {
		cfg.Clock = SystemClock{}
	}
	if cfg.Role == "" {
		cfg.Role = RoleAdmin
	}
	return &Service{store: cfg.Store, gateways: cfg.Gateways, clock: cfg.Clock, actor: cfg.Actor, role: cfg.Role, override: cfg.APIKeyOverride,
		mailers: cfg.Mailers, mailPassword: cfg.MailPasswordOverride, onPanic: cfg.OnPanic, synced: &lastSync{}}
}

// lastSync holds the report of the last sync cycle.
type lastSync struct {
	mu     sync.Mutex
	report SyncReport
}

func (l *lastSync) get() SyncReport {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.report
}

func (l *lastSync) set(r SyncReport) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.report = r
}

// WithActor returns a Service that acts for another person with the same role.
func (s *Service) WithActor(actor string) *Service {
	return s.As(actor, s.role)
}

// As returns a Service that acts for another person with the given role
// (one per SSH session). An unknown role has no rights. It shares this
// Service's report of the last sync cycle, since the sync loop is the
// process's, not the person's.
func (s *Service) As(actor string, role Role) *Service {
	if role == "" {
		role = Role("none")
	}
	as := NewService(ServiceConfig{Store: s.store, Gateways: s.gateways, Clock: s.clock, Actor: actor, Role: role, APIKeyOverride: s.override,
		Mailers: s.mailers, MailPasswordOverride: s.mailPassword, OnPanic: s.onPanic})
	as.synced = s.synced
	return as
}

// Actor is who this Service acts for.
func (s *Service) Actor() string { return s.actor }

// Now is the Service's clock.
func (s *Service) Now() time.Time { return s.clock.Now() }

// Connection is the state of the Mollie integration, for headers and status.
type Connection struct {
	Enabled   bool
	Connected bool
	FromEnv   bool // the key comes from PAYDESK_MOLLIE_API_KEY
	MaskedKey string
	Mode      Mode
	Profile   Profile
}

// Connection reports whether the integration is on and which account it uses.
func (s *Service) Connection(ctx context.Context) (Connection, error) {
	var c Connection
	on, err := s.store.Setting(ctx, SettingIntegration)
	if err != nil {
		return c, fmt.Errorf("read integration switch: %w", err)
	}
	c.Enabled = on == "on"
	key, fromEnv, err := s.apiKey(ctx)
	if err != nil {
		return c, err
	}
	if key == "" {
		return c, nil
	}
	c.Connected, c.FromEnv, c.MaskedKey, c.Mode = true, fromEnv, MaskKey(key), KeyMode(key)
	prof, err := s.store.Setting(ctx, SettingProfile)
	if err != nil {
		return c, fmt.Errorf("read profile: %w", err)
	}
	c.Profile = decodeProfile(prof)
	c.Profile.Mode = c.Mode
	return c, nil
}

// SetIntegration switches all Mollie activity on or off; settings are kept.
func (s *Service) SetIntegration(ctx context.Context, on bool) error {
	if err := s.allow(ctx, ActionConnect, ""); err != nil {
		return err
	}
	value, says := "off", "log.integration_off"
	if on {
		value, says = "on", "log.integration_on"
	}
	if err := s.store.SetSetting(ctx, SettingIntegration, value); err != nil {
		return fmt.Errorf("switch integration: %w", err)
	}
	s.logInfo(ctx, LogEntry{Event: EventIntegration, Says: Say(says)})
	return nil
}

// Connect checks an API key with Mollie (GET /v2/profiles/me) and stores it
// only when Mollie accepts it.
func (s *Service) Connect(ctx context.Context, apiKey string) (Profile, error) {
	if err := s.allow(ctx, ActionConnect, ""); err != nil {
		return Profile{}, err
	}
	if err := s.requireEnabled(ctx); err != nil {
		return Profile{}, err
	}
	apiKey = strings.TrimSpace(apiKey)
	prof, err := s.gateways(apiKey).Profile(ctx)
	if err != nil {
		s.logError(ctx, LogEntry{Event: EventConnect, Says: Say("log.connect_failed").Because(err), HTTPStatus: HTTPStatusOf(err)})
		return Profile{}, fmt.Errorf("connect: %w", err)
	}
	prof.Mode = KeyMode(apiKey)
	if err := s.store.SetSetting(ctx, SettingAPIKey, apiKey); err != nil {
		return Profile{}, fmt.Errorf("store API key: %w", err)
	}
	if err := s.store.SetSetting(ctx, SettingProfile, encodeProfile(prof)); err != nil {
		return Profile{}, fmt.Errorf("store profile: %w", err)
	}
	s.logInfo(ctx, LogEntry{Event: EventConnect, HTTPStatus: 200,
		Says: Say("log.connected", prof.Name, prof.Website, prof.Mode, MaskKey(apiKey))})
	if prof.Status == ProfileBlocked {
		s.logError(ctx, LogEntry{Event: EventConnect, Says: Say("log.profile_blocked")})
		return prof, ErrProfileBlocked
	}
	return prof, nil
}

// refreshProfile reads the profile again and stores it, logging a change of
// its status; a blocked profile ends with ErrProfileBlocked.
func (s *Service) refreshProfile(ctx context.Context) error {
	gw, _, err := s.client(ctx)
	if err != nil {
		return err
	}
	stored, err := s.store.Setting(ctx, SettingProfile)
	if err != nil {
		return fmt.Errorf("read profile: %w", err)
	}
	prof, err := gw.Profile(ctx)
	if err != nil {
		return fmt.Errorf("read the Mollie profile: %w", err)
	}
	old := decodeProfile(stored)
	if encodeProfile(prof) != stored {
		if err := s.store.SetSetting(ctx, SettingProfile, encodeProfile(prof)); err != nil {
			return fmt.Errorf("store profile: %w", err)
		}
	}
	if prof.Status != old.Status {
		level := LevelInfo
		switch prof.Status {
		case ProfileBlocked:
			level = LevelError
		case ProfileUnverified:
			level = LevelWarn
		}
		var was any = old.Status
		if old.Status == "" {
			was = Say("log.profile_unknown")
		}
		says := Say("log.profile_status", was, prof.Status)
		if prof.Status == ProfileBlocked {
			says.Key = "log.profile_status_blocked"
		}
		s.logEntry(ctx, LogEntry{Level: level, Event: EventConnect, Says: says})
	}
	if prof.Status == ProfileBlocked {
		return ErrProfileBlocked
	}
	return nil
}

// Disconnect forgets the stored API key.
func (s *Service) Disconnect(ctx context.Context) error {
	if err := s.allow(ctx, ActionConnect, ""); err != nil {
		return err
	}
	for _, k := range []string{SettingAPIKey, SettingProfile} {
		if err := s.store.SetSetting(ctx, k, ""); err != nil {
			return fmt.Errorf("disconnect: %w", err)
		}
	}
	s.logInfo(ctx, LogEntry{Event: EventDisconnect, Says: Say("log.disconnected")})
	return nil
}

func (s *Service) apiKey(ctx context.Context) (key string, fromEnv bool, err error) {
	if s.override != "" {
		return s.override, true, nil
	}
	key, err = s.store.Setting(ctx, SettingAPIKey)
	if err != nil {
		return "", false, fmt.Errorf("read API key: %w", err)
	}
	return key, false, nil
}

func (s *Service) requireEnabled(ctx context.Context) error {
	on, err := s.store.Setting(ctx, SettingIntegration)
	if err != nil {
		return fmt.Errorf("read integration switch: %w", err)
	}
	if on != "on" {
		return ErrIntegrationOff
	}
	return nil
}

// gateway returns Mollie for the current key, refusing while the
// integration is off, no key is known, or Mollie reported the profile as
// blocked.
func (s *Service) gateway(ctx context.Context) (Gateway, Mode, error) {
	gw, mode, err := s.client(ctx)
	if err != nil {
		return nil, "", err
	}
	prof, err := s.store.Setting(ctx, SettingProfile)
	if err != nil {
		return nil, "", fmt.Errorf("read profile: %w", err)
	}
	if decodeProfile(prof).Status == ProfileBlocked {
		return nil, "", ErrProfileBlocked
	}
	return gw, mode, nil
}

// client is the Mollie client for the current key, whatever the profile's
// status: it is how a blocked profile is read again.
func (s *Service) client(ctx context.Context) (Gateway, Mode, error) {
	if err := s.requireEnabled(ctx); err != nil {
		return nil, "", err
	}
	key, _, err := s.apiKey(ctx)
	if err != nil {
		return nil, "", err
	}
	if key == "" {
		return nil, "", ErrNotConnected
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.gw == nil || s.gwKey != key {
		s.gw, s.gwKey = s.gateways(key), key
	}
	return s.gw, KeyMode(key), nil
}

// Mode is the mode of the current key; test when none is known.
func (s *Service) Mode(ctx context.Context) Mode {
	key, _, err := s.apiKey(ctx)
	if err != nil || key == "" {
		return ModeTest
	}
	return KeyMode(key)
}

// KeyMode is the mode an API key's prefix selects.
func KeyMode(key string) Mode {
	if strings.HasPrefix(key, "live_") {
		return ModeLive
	}
	return ModeTest
}

// MaskKey shows an API key the way its owner recognises it: its prefix and
// last four characters, e.g. "test_…Xk3q". Short or malformed strings show
// less, since four characters of a short string would give most of it away.
func MaskKey(key string) string {
	const tail = 4
	prefix := ""
	if strings.HasPrefix(key, "test_") || strings.HasPrefix(key, "live_") {
		prefix = key[:5]
	}
	rest := key[len(prefix):]
	if len(rest) < 3*tail || !isASCII(rest) {
		return prefix + "…"
	}
	return prefix + "…" + rest[len(rest)-tail:]
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}

func encodeProfile(p Profile) string {
	clean := func(s string) string { return strings.ReplaceAll(s, "\t", " ") }
	return strings.Join([]string{clean(p.ID), clean(p.Name), clean(p.Website), clean(p.Status)}, "\t")
}

func decodeProfile(s string) Profile {
	f := strings.Split(s, "\t")
	for len(f) < 4 {
		f = append(f, "")
	}
	return Profile{ID: f[0], Name: f[1], Website: f[2], Status: f[3]}
}

// SettingValue is a user setting with its effective value.
type SettingValue struct {
	SettingInfo
	Value string // effective: stored or default
	IsSet bool
}

// Settings lists the user settings with their values.
func (s *Service) Settings(ctx context.Context) ([]SettingValue, error) {
	out := make([]SettingValue, 0, len(UserSettings))
	for _, info := range UserSettings {
		v, err := s.store.Setting(ctx, info.Key)
		if err != nil {
			return nil, fmt.Errorf("read setting %s: %w", info.Key, err)
		}
		sv := SettingValue{SettingInfo: info, Value: v, IsSet: v != ""}
		if v == "" {
			sv.Value = info.Default
		}
		out = append(out, sv)
	}
	return out, nil
}

// UserPreference reads one of the acting user's own choices, such as how
// they sort the invoice list; "" when they made none.
func (s *Service) UserPreference(ctx context.Context, name string) (string, error) {
	v, err := s.store.Setting(ctx, preferenceKey(s.actor, name))
	if err != nil {
		return "", fmt.Errorf("read preference %s: %w", name, err)
	}
	return v, nil
}

// SetUserPreference stores one of the acting user's choices; each user of a
// shared database keeps their own.
func (s *Service) SetUserPreference(ctx context.Context, name, value string) error {
	if err := s.store.SetSetting(ctx, preferenceKey(s.actor, name), value); err != nil {
		return fmt.Errorf("store preference %s: %w", name, err)
	}
	return nil
}

// preferenceKey is where a user's preference lives among the settings,
// apart from the shared settings' keys.
func preferenceKey(actor, name string) string { return "pref/" + actor + "/" + name }

// Setting returns a user setting's effective value.
func (s *Service) Setting(ctx context.Context, key string) (string, error) {
	if !knownSetting(key) {
		return "", unknownSetting(key)
	}
	v, err := s.store.Setting(ctx, key)
	if err != nil {
		return "", fmt.Errorf("read setting %s: %w", key, err)
	}
	if v == "" {
		v = SettingDefault(key)
	}
	return v, nil
}

// SetSetting validates and stores a user setting ("" resets it to its default).
func (s *Service) SetSetting(ctx context.Context, key, value string) error {
	if err := s.allow(ctx, ActionSettings, ""); err != nil {
		return err
	}
	clean := strings.TrimSpace(value)
	if clean != "" {
		var err error
		if clean, err = ValidateSetting(key, clean); err != nil {
			return err
		}
	} else if !knownSetting(key) {
		return unknownSetting(key)
	}
	if err := s.store.SetSetting(ctx, key, clean); err != nil {
		return fmt.Errorf("store setting %s: %w", key, err)
	}
	says := Say("log.setting", key, clean)
	if clean == "" {
		says = Say("log.setting_default", key)
	}
	s.logInfo(ctx, LogEntry{Event: EventSetting, Says: says})
	return nil
}

// NewIdempotencyKey returns a random UUID v4: the one generator of the
// Idempotency-Keys paydesk sends to Mollie.
func NewIdempotencyKey() string {
	var b [16]byte
	if _, err := rand.Read(b[:]); err != nil {
		panic(fmt.Sprintf("crypto/rand failed: %v", err))
	}
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	return fmt.Sprintf("%x-%x-%x-%x-%x", b[0:4], b[4:6], b[6:8], b[8:10], b[10:])
}

// wait sleeps for d or until ctx ends.
func wait(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}

// errorLevel picks the log level for a failed Mollie call.
func errorLevel(err error) Level {
	var ge *GatewayError
	if errors.As(err, &ge) && ge.Retryable {
		return LevelWarn
	}
	return LevelError
}
