package alerts_test

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"spor/internal/testutil"
)

func TestAlertLifecycle(t *testing.T) {
	srv := testutil.NewServer(t)
	admin := testutil.CreateUser(t, srv.DB, "admin", "Det Kgl. Bibliotek")
	c := srv.Client(t)
	c.Login(admin.Email)
	zone, _ := time.LoadLocation("Europe/Copenhagen")
	now := time.Now().In(zone)
	form := url.Values{
		"message_da": {"Spor opdateres i aften"}, "message_sv": {"Spor uppdateras i kväll"}, "message_en": {"Spor is updated tonight"},
		"level": {"warning"}, "link": {""},
		"starts_at": {now.Add(-time.Hour).Format("2006-01-02T15:04")}, "ends_at": {now.Add(time.Hour).Format("2006-01-02T15:04")},
	}

	bad := url.Values{}
	for k, v := range form {
		bad[k] = v
	}
	bad.Set("message_sv", "")
	bad.Set("ends_at", now.Add(-2*time.Hour).Format("2006-01-02T15:04"))
	if res := c.Post("/manage/alerts", bad); res.Status != http.StatusUnprocessableEntity || res.Doc(t).Find(".field__error").Length() != 2 {
		t.Fatalf("invalid alert: status %d", res.Status)
	}
	if res := c.Post("/manage/alerts", form); res.Status != http.StatusSeeOther {
		t.Fatalf("publish: %d", res.Status)
	}

	anon := srv.Client(t)
	da := anon.Get("/")
	if !strings.Contains(da.Body, "Spor opdateres i aften") || strings.Contains(da.Body, "Spor uppdateras") {
		t.Error("Danish page does not show just the Danish message")
	}
	if sv := anon.Get("/?lang=sv"); !strings.Contains(sv.Body, "Spor uppdateras i kväll") || !strings.Contains(sv.Body, `lang="sv"`) {
		t.Error("Swedish page does not show the Swedish message")
	}

	// Dismiss: remembered by cookie, without JavaScript.
	action, _ := anon.Get("/").Doc(t).Find(".alert form").Attr("action")
	res := anon.Post(action, url.Values{"next": {"/?x=1"}})
	if res.Status != http.StatusSeeOther || res.Header.Get("Location") != "/?x=1" {
		t.Fatalf("dismiss: %d %q", res.Status, res.Header.Get("Location"))
	}
	if strings.Contains(anon.Get("/").Body, "Spor uppdateras i kväll") {
		t.Error("dismissed alert still shown")
	}
}

func TestAlertWindowAndCritical(t *testing.T) {
	srv := testutil.NewServer(t)
	ctx := context.Background()
	insert := func(msg, level string, from, to time.Duration) int64 {
		var id int64
		now := time.Now()
		err := srv.DB.QueryRow(ctx, `INSERT INTO alerts (message_da, message_sv, message_en, level, starts_at, ends_at)
			VALUES ($1, $1, $1, $2, $3, $4) RETURNING id`, msg, level, now.Add(from), now.Add(to)).Scan(&id)
		if err != nil {
			t.Fatal(err)
		}
		return id
	}
	insert("future notice", "info", time.Hour, 2*time.Hour)
	insert("past notice", "info", -2*time.Hour, -time.Hour)
	crit := insert("critical notice", "critical", -time.Hour, time.Hour)

	c := srv.Client(t)
	page := c.Get("/")
	if strings.Contains(page.Body, "future notice") || strings.Contains(page.Body, "past notice") {
		t.Error("an alert outside its window is shown")
	}
	if !strings.Contains(page.Body, "critical notice") {
		t.Fatal("active critical alert not shown")
	}
	if page.Doc(t).Find(".alert--critical form").Length() != 0 {
		t.Error("critical alert offers a dismiss button")
	}
	c.Post("/alerts/"+strconv.FormatInt(crit, 10)+"/dismiss", url.Values{"next": {"/"}})
	if !strings.Contains(c.Get("/").Body, "critical notice") {
		t.Error("critical alert was dismissed")
	}
}
