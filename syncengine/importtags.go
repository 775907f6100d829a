package syncengine

import (
	"errors"
	"strings"

	"sfnotes/model"
)

// An import keeps one tag per name (model.SameTagTitle). Before anything is
// written, tagPlan decides where each tag of the file goes:
//   - a live local tag of the same title (same uuid or not) gains the file
//     tag's notes; the file tag is not created;
//   - several tags of one title in the file become the first of them, with
//     the notes of all.
// Notes of the file that reference a merged tag (the 0.10.0 layout) are
// pointed at the tag that stays.

// tagPlan is the outcome of planning an import's tags.
type tagPlan struct {
	into    map[string]string // file tag uuid -> live local tag uuid it joins
	renamed map[string]string // merged file tag uuid -> the uuid that stays (for references)
	merged  map[int]string    // item index of a file tag folded into an earlier one -> its merged content
	skip    map[int]bool      // item indexes not to import as themselves
}

func planTags(tx *model.Tx, items []model.Remote) (tagPlan, error) {
	p := tagPlan{into: map[string]string{}, renamed: map[string]string{}, merged: map[int]string{}, skip: map[int]bool{}}
	first := map[string]int{} // lower-cased title -> index of its first tag in the file
	for i, r := range items {
		if r.ContentType != model.TypeTag || r.Deleted || r.DecryptError != "" {
			continue
		}
		title := model.TagTitle(r.Content)
		local, err := tx.TagByTitle(title)
		switch {
		case err == nil:
			p.into[r.UUID] = local.UUID
			p.skip[i] = true
			if local.UUID != r.UUID {
				p.renamed[r.UUID] = local.UUID
			}
			continue
		case !errors.Is(err, model.ErrNotFound):
			return p, err
		}
		key := foldTitle(title)
		if j, ok := first[key]; ok {
			base, had := p.merged[j]
			if !had {
				base = items[j].Content
			}
			p.merged[j] = model.MergeTagContents(base, r.Content)
			p.renamed[r.UUID] = items[j].UUID
			p.skip[i] = true
			continue
		}
		first[key] = i
	}
	return p, nil
}

// foldTitle is the key model.SameTagTitle compares by.
func foldTitle(t string) string { return strings.ToLower(strings.TrimSpace(t)) }
