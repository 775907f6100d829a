package model

import (
	"fmt"
	"strings"
	"testing"

	"gorm.io/gorm"
)

// queryPlan is SQLite's plan for a note list, as ListNotes would run it.
func queryPlan(t *testing.T, s *Store, q NoteQuery) string { return queryPlanB(t, s, q) }

func queryPlanB(t testing.TB, s *Store, q NoteQuery) string {
	t.Helper()
	stmt := s.listQuery(q).Session(&gorm.Session{DryRun: true}).Find(&[]NoteSummary{}).Statement
	var rows []struct{ Detail string }
	if err := s.db.Raw("EXPLAIN QUERY PLAN "+stmt.SQL.String(), stmt.Vars...).Scan(&rows).Error; err != nil {
		t.Fatal(err)
	}
	var details []string
	for _, r := range rows {
		details = append(details, r.Detail)
	}
	return strings.Join(details, "; ")
}

// TestListsReadThroughTheirIndex: each sort of a list is read in the order
// of its index (no sort of every note for a first page), a tag's notes and a
// narrowed search are looked up and sorted, and every list returns what the
// same query returns with the indexes dropped.
func TestListsReadThroughTheirIndex(t *testing.T) {
	s := openTest(t)
	rs := []Remote{{UUID: "t-1", ContentType: TypeTag, Content: `{"title":"work","references":[{"uuid":"n-00001","content_type":"Note"}]}`}}
	for i := range 3000 {
		rs = append(rs, Remote{UUID: fmt.Sprintf("n-%05d", i), ContentType: TypeNote, CreatedAt: "2024-01-01T00:00:00.000Z",
			UpdatedAt: fmt.Sprintf("2024-01-02T%02d:%02d:%02d.000Z", i/3600%24, i/60%60, i%60),
			Content:   fmt.Sprintf(`{"title":"Note %d","text":"lorem %d","references":[],"appData":{"org.standardnotes.sn":{"pinned":%v}}}`, i, i, i%97 == 0)})
	}
	if err := s.Update(func(tx *Tx) error { _, err := tx.ApplyRemoteBatch(rs); return err }); err != nil {
		t.Fatal(err)
	}
	yes := true
	for i := 0; i < 300; i += 7 {
		if err := s.EditNote(fmt.Sprintf("n-%05d", i), NoteEdit{Trashed: &yes}); err != nil {
			t.Fatal(err)
		}
	}
	for i := 2; i < 3000; i += 13 { // a few archived, starred, some of them trashed too
		if err := s.EditNote(fmt.Sprintf("n-%05d", i), NoteEdit{Archived: &yes, Starred: &yes}); err != nil {
			t.Fatal(err)
		}
		if err := s.EditNote(fmt.Sprintf("n-%05d", i+1), NoteEdit{Starred: &yes}); err != nil {
			t.Fatal(err)
		}
	}
	for q, index := range map[NoteQuery]string{
		{Limit: 200}:                         "items_shelf_modified",
		{Sort: SortCreated, Limit: 200}:      "items_shelf_created",
		{Sort: SortTitle, Limit: 200}:        "items_shelf_title",
		{View: ViewTrash}:                    "items_shelf_modified",
		{Search: "lorem", Limit: 200}:        "items_shelf_modified",
		{View: ViewPinned, Sort: SortTitle}:  "items_shelf_title",
		{View: ViewArchived, Limit: 200}:     "items_shelf_modified",
		{View: ViewStarred, Limit: 200}:      "items_starred_modified",
		{View: ViewStarred, Sort: SortTitle}: "items_starred_title",
	} {
		if plan := queryPlan(t, s, q); !strings.Contains(plan, index) || strings.Contains(plan, "TEMP B-TREE FOR ORDER BY") {
			t.Errorf("%+v: plan %q, want an ordered read of %s", q, plan, index)
		}
	}
	for _, q := range []NoteQuery{{View: ViewTag, Tag: "t-1"}, {Search: "2999"}} {
		if plan := queryPlan(t, s, q); strings.Contains(plan, "items_shelf_") {
			t.Errorf("%+v: plan %q, want a lookup, not an ordered scan of every note", q, plan)
		}
	}
	queries := []NoteQuery{{}, {Limit: 200}, {Sort: SortCreated}, {Sort: SortTitle}, {View: ViewPinned},
		{View: ViewTrash}, {View: ViewTag, Tag: "t-1"}, {View: ViewUntagged, Limit: 50}, {Search: "lorem 12"},
		{View: ViewArchived}, {View: ViewStarred, Sort: SortTitle}}
	with := make([][]string, len(queries))
	for i, q := range queries {
		with[i] = uuidsOf(t, s, q)
	}
	for _, name := range []string{"items_shelf_modified", "items_shelf_created", "items_shelf_title"} {
		if err := s.db.Exec("DROP INDEX " + name).Error; err != nil {
			t.Fatal(err)
		}
	}
	for i, q := range queries {
		if got := uuidsOf(t, s, q); strings.Join(got, ",") != strings.Join(with[i], ",") || len(got) == 0 {
			t.Errorf("%+v: %d notes through the indexes, %d without, or they differ in order", q, len(with[i]), len(got))
		}
	}
}
