package config

import (
	"strings"
	"testing"
	"time"
)

func TestPoolAndShutdownSettings(t *testing.T) {
	c, err := Load(env(nil))
	if err != nil {
		t.Fatal(err)
	}
	if c.DBMaxConns != 20 || c.ShutdownTimeout != 10*time.Second {
		t.Errorf("defaults: pool %d, shutdown %s; want 20 and 10s", c.DBMaxConns, c.ShutdownTimeout)
	}
	c, err = Load(env(map[string]string{"DB_MAX_CONNS": "40", "SHUTDOWN_TIMEOUT": "3s"}))
	if err != nil {
		t.Fatal(err)
	}
	if c.DBMaxConns != 40 || c.ShutdownTimeout != 3*time.Second {
		t.Errorf("set: pool %d, shutdown %s; want 40 and 3s", c.DBMaxConns, c.ShutdownTimeout)
	}
	for name, e := range map[string]map[string]string{
		"DB_MAX_CONNS=":     {"DB_MAX_CONNS": "1"},
		"SHUTDOWN_TIMEOUT=": {"SHUTDOWN_TIMEOUT": "ten"},
	} {
		if _, err := Load(env(e)); err == nil || !strings.Contains(err.Error(), name) {
			t.Errorf("%v: error = %v, want one naming %s", e, err, name)
		}
	}
}
