package tracks_test

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"spor/internal/testutil"
)

// The coordinator field must not tell a coordinator whether an address has an
// account: a staff member's address and an address nobody has get the same answer.
func TestTrackCoordinatorFieldRevealsNoAccounts(t *testing.T) {
	srv := testutil.NewServer(t)
	newTrack(t, srv.DB, "findes-ikke", true, 0)
	coord := testutil.CreateUser(t, srv.DB, "coordinator", "Region Dalarna")
	other := testutil.CreateUser(t, srv.DB, "coordinator", "Mora bibliotek")
	staff := testutil.CreateUser(t, srv.DB, "staff", "Falu stadsbibliotek")
	var prog int64
	if err := srv.DB.QueryRow(t.Context(), `SELECT id FROM programmes LIMIT 1`).Scan(&prog); err != nil {
		t.Fatal(err)
	}
	c := srv.Client(t)
	c.Login(coord.Email)
	post := func(title, coordinators string) (int, string) {
		res := c.Post("/manage/tracks?lang=en", url.Values{"title": {title}, "programme": {fmt.Sprint(prog)}, "lang": {"sv"},
			"goals": {"Ett"}, "coordinators": {coordinators}})
		return res.Status, strings.TrimSpace(res.Doc(t).Find(".error-summary").Text())
	}
	staffStatus, staffMsg := post("Spor A", staff.Email)
	noneStatus, noneMsg := post("Spor A", "nobody-"+strings.TrimSuffix(staff.Email, "@example.org")+"@example.org")
	if staffStatus != http.StatusUnprocessableEntity || noneStatus != staffStatus {
		t.Fatalf("status staff %d, unknown %d; want 422 for both", staffStatus, noneStatus)
	}
	if staffMsg == "" || staffMsg != noneMsg {
		t.Errorf("messages differ or are empty:\nstaff:   %q\nunknown: %q", staffMsg, noneMsg)
	}
	if n := count(t, srv.DB, `SELECT count(*) FROM track_coordinators WHERE user_id = $1`, staff.ID); n != 0 {
		t.Errorf("staff member made coordinator of %d tracks", n)
	}
	if status, msg := post("Spor B", coord.Email+"\n"+other.Email); status != http.StatusSeeOther {
		t.Errorf("two coordinators: status %d %q", status, msg)
	}
}
