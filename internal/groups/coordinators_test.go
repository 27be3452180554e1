package groups_test

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"spor/internal/testutil"
)

func TestOnlyCoordinatorsCanBeAssigned(t *testing.T) {
	srv := testutil.NewServer(t)
	admin := testutil.CreateUser(t, srv.DB, "admin", "Det Kgl. Bibliotek")
	staff := testutil.CreateUser(t, srv.DB, "staff", "Vejle Bibliotekerne")
	coord := testutil.CreateUser(t, srv.DB, "coordinator", "Vejle Bibliotekerne")
	disabled := testutil.CreateUser(t, srv.DB, "coordinator", "Vejle Bibliotekerne")
	if _, err := srv.DB.Exec(t.Context(), `UPDATE users SET disabled = true WHERE id = $1`, disabled.ID); err != nil {
		t.Fatal(err)
	}
	group := testutil.CreateGroup(t, srv.DB, "assigned-group", "public")
	c := srv.Client(t)
	c.Login(admin.Email)
	form := func(ids ...int64) url.Values {
		v := url.Values{"title": {"Gruppen"}, "lang": {"da"}, "slug": {"assigned-group"}, "visibility": {"public"}}
		for _, id := range ids {
			v.Add("coordinators", fmt.Sprint(id))
		}
		return v
	}
	path := fmt.Sprintf("/manage/groups/%d?lang=en", group)
	for name, id := range map[string]int64{"staff": staff.ID, "disabled coordinator": disabled.ID} {
		res := c.Post(path, form(coord.ID, id))
		if res.Status != http.StatusUnprocessableEntity || !strings.Contains(res.Doc(t).Find("#f-coordinators .field__error").Text(), "coordinator or admin role") {
			t.Errorf("%s as coordinator: %d, want 422 with the reason beside the field", name, res.Status)
		}
	}
	var n int
	if err := srv.DB.QueryRow(t.Context(), `SELECT count(*) FROM group_coordinators WHERE group_id = $1`, group).Scan(&n); err != nil || n != 0 {
		t.Errorf("%d assignments after refused forms (%v)", n, err)
	}
	if res := c.Post(path, form(coord.ID)); res.Status != http.StatusSeeOther {
		t.Fatalf("a coordinator: %d, want 303", res.Status)
	}
	if err := srv.DB.QueryRow(t.Context(), `SELECT count(*) FROM group_coordinators WHERE group_id = $1 AND user_id = $2`, group, coord.ID).Scan(&n); err != nil || n != 1 {
		t.Errorf("coordinator not assigned: %d (%v)", n, err)
	}
}
