package app

import (
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"sfnotes/model"
	"sfnotes/syncengine"
	"sfnotes/syncengine/sfcrypto"
)

// NoteJSON is one note as `notes --json` and `show --json` print it.
type NoteJSON struct {
	UUID          string   `json:"uuid"`
	Title         string   `json:"title"`
	Text          string   `json:"text"`
	Tags          []string `json:"tags"`
	CreatedAt     string   `json:"created_at"`
	UpdatedAt     string   `json:"updated_at"`
	Pinned        bool     `json:"pinned"`
	Trashed       bool     `json:"trashed"`
	ConflictOf    string   `json:"conflict_of"`
	Undecryptable bool     `json:"undecryptable"`
	// NoteType is the official app's type of the note ("" for plain text,
	// "super", "markdown"…): see model.TextEditable for which are editable.
	NoteType  string `json:"note_type"`
	Archived  bool   `json:"archived"`
	Starred   bool   `json:"starred"`
	Locked    bool   `json:"locked"`
	Protected bool   `json:"protected"`
}

// ShowJSON is one note as `show --json` prints it: Readable is the text as
// a person reads it (a Super note rendered from its Lexical JSON).
type ShowJSON struct {
	NoteJSON
	Readable string `json:"readable"`
}

// noteJSON is a note for --json; a protected note's text is left out
// unless reveal (the official app opens it only after the user confirms).
func noteJSON(n model.Note, reveal bool) NoteJSON {
	if n.Protected && !reveal {
		n.Text = ""
	}
	tags := []string{}
	for _, t := range n.Tags {
		tags = append(tags, t.Title)
	}
	return NoteJSON{UUID: n.UUID, Title: n.Title, Text: n.Text, Tags: tags,
		CreatedAt: model.FormatTime(time.UnixMilli(n.CreatedMs)), UpdatedAt: model.FormatTime(time.UnixMilli(n.ModifiedMs)),
		Pinned: n.Pinned, Trashed: n.Trashed, ConflictOf: n.ConflictOf, Undecryptable: n.DecryptError != "",
		NoteType: n.NoteType, Archived: n.Archived, Starred: n.Starred, Locked: n.Locked, Protected: n.Protected}
}

type notesOpts struct {
	tag, search, view             *string
	trash, json, reveal, archived *bool
}

func notesFlags(fs *flag.FlagSet) any {
	return &notesOpts{tag: fs.String("tag", "", "only notes with this tag"), search: fs.String("search", "", "words to find"),
		view:  fs.String("view", "", "all, starred, archived, trash, untagged, conflicts or pinned"),
		trash: fs.Bool("trash", false, "the trash (as --view trash)"), json: fs.Bool("json", false, "print JSON"),
		reveal:   fs.Bool("reveal", false, "include the text of protected notes"),
		archived: fs.Bool("archived", false, "with --tag: the tag's archived notes too")}
}

// cliViews are the views `notes --view` names; "all" is the official app's
// "Notes": neither archived nor trashed.
var cliViews = map[string]model.View{"all": model.ViewAll, "starred": model.ViewStarred, "archived": model.ViewArchived,
	"trash": model.ViewTrash, "untagged": model.ViewUntagged, "conflicts": model.ViewConflicts, "pinned": model.ViewPinned}

func cmdNotes(c *cmdCtx) error {
	o := c.opts.(*notesOpts)
	q := model.NoteQuery{Search: *o.search}
	if *o.trash {
		*o.view = "trash"
	}
	switch {
	case *o.view != "" && *o.tag != "":
		return usageError("--view and --tag do not go together yet")
	case *o.view != "":
		v, ok := cliViews[strings.ToLower(*o.view)]
		if !ok {
			return usageError("--view is all, starred, archived, trash, untagged, conflicts or pinned, not %q", *o.view)
		}
		q.View = v
	case *o.tag != "":
		t, err := c.app.Store.TagByTitle(*o.tag)
		if err != nil {
			return err
		}
		q.View, q.Tag = model.ViewTag, t.UUID
		// As the window's view of the tag: archived notes on request.
		q.Archived = *o.archived || c.app.Store.TagShowsArchived(t.UUID)
	}
	list, err := c.app.Store.ListNotes(q)
	if err != nil {
		return err
	}
	if !*o.json {
		for _, n := range list {
			mark := ""
			switch {
			case n.DecryptError != "":
				mark = " [cannot decrypt]"
			case n.ConflictOf != "":
				mark = " [conflicted copy]"
			case n.Pinned:
				mark = " [pinned]"
			}
			mark += flagMarks(n)
			fmt.Fprintf(c.io.Out, "%s  %s  %s%s\n", termLine(n.UUID), time.UnixMilli(n.ModifiedMs).Local().Format("2006-01-02 15:04"),
				termLine(orUntitled(n.Title)), mark)
		}
		return nil
	}
	out := make([]NoteJSON, 0, len(list))
	for _, s := range list {
		n, err := c.app.Store.GetNote(s.UUID)
		if err != nil {
			return err
		}
		out = append(out, noteJSON(n, *o.reveal))
	}
	return printJSON(c, out)
}

func orUntitled(t string) string {
	if strings.TrimSpace(t) == "" {
		return "(untitled)"
	}
	return t
}

type showOpts struct{ json, reveal *bool }

func showFlags(fs *flag.FlagSet) any {
	return &showOpts{json: fs.Bool("json", false, "print JSON"), reveal: fs.Bool("reveal", false, "show a protected note's text")}
}

func cmdShow(c *cmdCtx) error {
	o := c.opts.(*showOpts)
	n, err := c.app.Store.GetNote(c.args[0])
	if err != nil {
		return err
	}
	if n.Protected && !*o.reveal {
		n.Readable = ""
	}
	if *o.json {
		return printJSON(c, ShowJSON{NoteJSON: noteJSON(n, *o.reveal), Readable: n.Readable})
	}
	j := noteJSON(n, *o.reveal)
	fmt.Fprintf(c.io.Out, "%s\n", termLine(orUntitled(n.Title)))
	if len(j.Tags) > 0 {
		fmt.Fprintf(c.io.Out, "tags: %s\n", termLine(strings.Join(j.Tags, ", ")))
	}
	fmt.Fprintf(c.io.Out, "created %s, modified %s\n", j.CreatedAt, j.UpdatedAt)
	if n.DecryptError != "" {
		fmt.Fprintf(c.io.Out, "cannot be decrypted: %s\n", termLine(n.DecryptError))
	}
	if n.ConflictOf != "" {
		fmt.Fprintf(c.io.Out, "conflicted copy of %s\n", termLine(n.ConflictOf))
	}
	if m := strings.TrimSpace(flagMarks(n.NoteSummary)); m != "" {
		fmt.Fprintf(c.io.Out, "%s\n", m)
	}
	if !n.TextEditable {
		fmt.Fprintf(c.io.Out, "a %s note, shown as text; its text is read-only here (an editable copy: sfnotes copy-plain %s)\n",
			model.TypeName(n.NoteType), termLine(n.UUID))
	}
	if n.Protected && !*o.reveal {
		fmt.Fprintf(c.io.Out, "\nThis note is protected; its text is shown with --reveal.\n")
		return nil
	}
	fmt.Fprintf(c.io.Out, "\n%s\n", termText(n.Readable))
	return nil
}

type noteOpts struct {
	force                 *bool // edit: change a locked note
	title, text, textFile *string
	tags                  stringList
	set                   map[string]bool
	fs                    *flag.FlagSet
}

func noteFlags(fs *flag.FlagSet) any {
	o := &noteOpts{fs: fs, title: fs.String("title", "", "title"), text: fs.String("text", "", "text"),
		textFile: fs.String("text-file", "", "read the text from a file (- for standard input)")}
	fs.Var(&o.tags, "tag", "tag (repeatable)")
	return o
}

func editFlags(fs *flag.FlagSet) any {
	o := noteFlags(fs).(*noteOpts)
	o.force = fs.Bool("force", false, "edit a locked note")
	return o
}

// given reports which flags were set (an empty --title is a real edit).
func (o *noteOpts) given(name string) bool {
	if o.set == nil {
		o.set = map[string]bool{}
		o.fs.Visit(func(f *flag.Flag) { o.set[f.Name] = true })
	}
	return o.set[name]
}

func (c *cmdCtx) noteText(o *noteOpts) (*string, error) {
	if o.given("text") && o.given("text-file") {
		return nil, usageError("--text and --text-file do not go together")
	}
	if o.given("text") {
		return o.text, nil
	}
	if !o.given("text-file") {
		return nil, nil
	}
	var b []byte
	var err error
	if *o.textFile == "-" {
		if c.io.In == nil {
			return nil, usageError("no standard input")
		}
		b, err = io.ReadAll(c.io.In)
	} else {
		b, err = os.ReadFile(*o.textFile)
	}
	if err != nil {
		return nil, fmt.Errorf("reading the text: %w", err)
	}
	s := string(b)
	return &s, nil
}

func cmdNew(c *cmdCtx) error {
	o := c.opts.(*noteOpts)
	if !o.given("title") {
		return usageError("--title is required")
	}
	text, err := c.noteText(o)
	if err != nil {
		return err
	}
	if text == nil {
		text = new(string)
	}
	var tagUUIDs []string
	for _, name := range o.tags {
		t, err := c.app.Store.CreateTag(name)
		if err != nil {
			return err
		}
		tagUUIDs = append(tagUUIDs, t.UUID)
	}
	n, err := c.app.Store.CreateNote(*o.title, *text, tagUUIDs...)
	if err != nil {
		return err
	}
	fmt.Fprintln(c.io.Out, termLine(n.UUID))
	return nil
}

func cmdEdit(c *cmdCtx) error {
	o := c.opts.(*noteOpts)
	if len(o.tags) > 0 {
		return usageError("use `sfnotes tag` to add tags")
	}
	text, err := c.noteText(o)
	if err != nil {
		return err
	}
	e := model.NoteEdit{Text: text, Force: *o.force}
	if o.given("title") {
		e.Title = o.title
	}
	if e.Title == nil && e.Text == nil {
		return usageError("nothing to change: give --title, --text or --text-file")
	}
	return c.app.Store.EditNote(c.args[0], e)
}

func cmdTag(c *cmdCtx) error {
	if _, err := c.app.Store.GetNote(c.args[0]); err != nil {
		return err
	}
	for _, name := range c.args[1:] {
		t, err := c.app.Store.CreateTag(name)
		if err != nil {
			return err
		}
		if err := c.app.Store.AddTag(c.args[0], t.UUID); err != nil {
			return err
		}
	}
	return nil
}

func cmdUntag(c *cmdCtx) error {
	for _, name := range c.args[1:] {
		t, err := c.app.Store.TagByTitle(name)
		if err != nil {
			return err
		}
		if err := c.app.Store.RemoveTag(c.args[0], t.UUID); err != nil {
			return err
		}
	}
	return nil
}

func cmdRm(c *cmdCtx) error {
	if c.flag() {
		return c.app.Store.DeleteForever(c.args[0])
	}
	yes := true
	return c.app.Store.EditNote(c.args[0], model.NoteEdit{Trashed: &yes})
}

func cmdExport(c *cmdCtx) error {
	path := c.args[0]
	dir := filepath.Dir(path)
	if st, err := os.Stat(dir); err != nil || !st.IsDir() {
		return fmt.Errorf("cannot write %s: the folder %s does not exist", termLine(path), termLine(dir))
	}
	tmp, err := os.CreateTemp(dir, ".sfnotes-export-*")
	if err != nil {
		return fmt.Errorf("cannot write into %s: %w", termLine(dir), err)
	}
	defer os.Remove(tmp.Name())
	if err := tmp.Chmod(model.PrivateFileMode); err != nil {
		return err
	}
	var sum syncengine.ExportSummary
	if c.flag() {
		sum, err = c.app.exportEncrypted(tmp)
	} else {
		sum, err = syncengine.ExportDecrypted(c.app.Store, tmp)
	}
	if err != nil {
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return err
	}
	fmt.Fprintf(c.io.Out, "exported %s items to %s", model.Thousands(sum.Items), termLine(path))
	if sum.Skipped > 0 {
		fmt.Fprintf(c.io.Out, " (%s items that cannot be decrypted left out)", model.Thousands(sum.Skipped))
	}
	fmt.Fprintln(c.io.Out)
	return nil
}

func cmdImport(c *cmdCtx) error {
	f, err := os.Open(c.args[0])
	if err != nil {
		return err
	}
	defer f.Close()
	p, err := syncengine.ParseBackup(f)
	if err != nil {
		return err
	}
	pw := ""
	if p.Encrypted() {
		if pw, err = c.password("SFNOTES_PASSWORD", "Backup password: "); err != nil {
			return err
		}
	}
	sum, err := p.Import(c.ctx, c.app.Store, pw)
	if err != nil {
		return err
	}
	fmt.Fprintln(c.io.Out, ImportText(sum))
	return nil
}

// ImportText is the one-line summary of an import, for the CLI and the window.
func ImportText(s syncengine.ImportSummary) string {
	var parts []string
	var added []string
	for _, c := range []struct {
		n         int
		one, many string
	}{{s.Notes, "note", "notes"}, {s.Tags, "tag", "tags"}, {s.Others, "other item", "other items"}} {
		if c.n > 0 {
			added = append(added, count(c.n, c.one, c.many))
		}
	}
	if len(added) == 0 {
		parts = append(parts, "Imported nothing new.")
	} else {
		parts = append(parts, "Imported "+joinAnd(added)+".")
	}
	if s.Conflicts > 0 {
		parts = append(parts, fmt.Sprintf("%s here already in another version, so the file's %s in as %s.",
			count(s.Conflicts, "note was", "notes were"), pick(s.Conflicts, "version came", "versions came"),
			pick(s.Conflicts, "a conflicted copy", "conflicted copies")))
	}
	if s.TagsMerged > 0 {
		parts = append(parts, fmt.Sprintf("%s joined the tag of the same name.", count(s.TagsMerged, "tag", "tags")))
	}
	if s.Unchanged > 0 {
		parts = append(parts, fmt.Sprintf("%s already here, unchanged.", count(s.Unchanged, "item was", "items were")))
	}
	switch {
	case s.Undecryptable > 0 && s.Damaged:
		parts = append(parts, fmt.Sprintf("The backup is damaged: %s not be decrypted although the password is right, and %s left out.",
			count(s.Undecryptable, "item could", "items could"), pick(s.Undecryptable, "was", "were")))
	case s.Undecryptable > 0:
		parts = append(parts, fmt.Sprintf("%s not be decrypted and %s left out.",
			count(s.Undecryptable, "item could", "items could"), pick(s.Undecryptable, "was", "were")))
	case s.Damaged:
		parts = append(parts, "The backup's key params are damaged; the params its keys were sealed with opened it.")
	}
	return strings.Join(parts, " ")
}

// count is "1 note" or "3 notes".
func count(n int, one, many string) string { return model.Thousands(n) + " " + pick(n, one, many) }

func pick(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// joinAnd is "a", "a and b", "a, b and c".
func joinAnd(xs []string) string {
	if len(xs) <= 1 {
		return strings.Join(xs, "")
	}
	return strings.Join(xs[:len(xs)-1], ", ") + " and " + xs[len(xs)-1]
}

// exportEncrypted writes an encrypted backup with the account's keys and params.
func (a *App) exportEncrypted(w io.Writer) (syncengine.ExportSummary, error) {
	_, keys, acct, err := a.Accounts.Session()
	if errors.Is(err, syncengine.ErrNotSignedIn) {
		return syncengine.ExportSummary{}, errNeedAccount
	}
	if err != nil {
		return syncengine.ExportSummary{}, fmt.Errorf("an encrypted backup needs the account keys: %w", err)
	}
	var params sfcrypto.AuthParams
	if err := json.Unmarshal([]byte(acct.AuthParams), &params); err != nil {
		return syncengine.ExportSummary{}, fmt.Errorf("stored auth params: %w", err)
	}
	if params.Version == sfcrypto.Version004 {
		root, err := a.Accounts.RootKey()
		if err != nil {
			return syncengine.ExportSummary{}, fmt.Errorf("an encrypted backup needs the account keys: %w", err)
		}
		return syncengine.ExportEncrypted004(a.Store, root, w)
	}
	return syncengine.ExportEncrypted(a.Store, keys, params, w)
}
