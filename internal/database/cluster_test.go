package database_test

import (
	"context"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5"

	"spor/internal/database"
)

func TestClusterStartsIsReusedAndStops(t *testing.T) {
	ctx := context.Background()
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	tmp := t.TempDir()
	dir := filepath.Join(tmp, "data")
	// When root, the cluster runs as the postgres user, who must reach the folder.
	for _, d := range []string{tmp, filepath.Dir(tmp)} {
		if err := os.Chmod(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}

	c, err := database.StartCluster(ctx, dir, database.ClusterOptions{Fast: true}, log)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = c.ForceStop() })
	ping(t, c.URL("spor"))

	// A second start finds it running and reuses it, and must not stop it.
	again, err := database.StartCluster(ctx, dir, database.ClusterOptions{}, log)
	if err != nil {
		t.Fatal(err)
	}
	if err := again.Stop(); err != nil {
		t.Fatal(err)
	}
	ping(t, c.URL("spor"))

	if err := c.Stop(); err != nil {
		t.Fatal(err)
	}
	if !c.WaitGone(10e9) {
		t.Fatal("postmaster.pid still there after stop")
	}
	if conn, err := pgx.Connect(ctx, c.URL("spor")); err == nil {
		conn.Close(ctx)
		t.Fatal("cluster still answers after stop")
	}

	// A crash leaves a postmaster.pid naming a process that is gone: the next start
	// must recover.
	stale := "999999\n" + c.Dir + "\n"
	if err := os.WriteFile(filepath.Join(c.Dir, "postmaster.pid"), []byte(stale), 0o600); err != nil {
		t.Fatal(err)
	}
	c2, err := database.StartCluster(ctx, dir, database.ClusterOptions{Fast: true}, log)
	if err != nil {
		t.Fatalf("start after a crash: %v", err)
	}
	ping(t, c2.URL("spor"))
	if err := c2.Stop(); err != nil {
		t.Fatal(err)
	}
}

func TestSocketFolderStaysShort(t *testing.T) {
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	deep := "/" + strings.Repeat("a-very-long-folder-name/", 8) + "data"
	c, err := database.NewCluster(deep, log)
	if err != nil {
		t.Fatal(err)
	}
	if len(c.SocketDir)+len("/.s.PGSQL.5432") > 107 || !strings.HasPrefix(c.SocketDir, "/tmp/") {
		t.Errorf("socket folder %q is too long or not under /tmp", c.SocketDir)
	}
	short, _ := database.NewCluster("/srv/spor", log)
	if short.SocketDir != "/srv/spor/postgres/run" {
		t.Errorf("short data dir: socket in %q, want inside the data folder", short.SocketDir)
	}
}

func ping(t *testing.T, url string) {
	t.Helper()
	conn, err := pgx.Connect(context.Background(), url)
	if err != nil {
		t.Fatalf("connect: %v", err)
	}
	defer conn.Close(context.Background())
	var one int
	if err := conn.QueryRow(context.Background(), "SELECT 1").Scan(&one); err != nil || one != 1 {
		t.Fatalf("SELECT 1 = %d, %v", one, err)
	}
}
