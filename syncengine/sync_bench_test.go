package syncengine

import (
	"fmt"
	"testing"

	"sfnotes/model"
	"sfnotes/syncengine/sftest"
)

// BenchmarkFirstSync2000: a new device's first sync of 2,000 notes from
// sftest over loopback (decode, decrypt, store), sign-in excluded. It is the
// normal download path; hardening must not slow it.
func BenchmarkFirstSync2000(b *testing.B) {
	url := sftest.New().Start(b).URL
	const mail = "bench@example.com"
	a := newDevice(b, "A")
	a.register(url, mail)
	err := a.store.Update(func(tx *model.Tx) error {
		for i := range 2000 {
			c := fmt.Sprintf(`{"title":"note %d","text":"some text of a typical length for note %d","references":[]}`, i, i)
			if err := tx.PutLocal(model.NewUUID(), model.TypeNote, c, ""); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		b.Fatal(err)
	}
	a.sync()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		d := newDevice(b, fmt.Sprintf("D%d", i))
		d.signIn(url, mail, testPassword)
		b.StartTimer()
		if r := d.sync(); r.Downloaded != 2000 {
			b.Fatalf("downloaded %d", r.Downloaded)
		}
	}
}

// BenchmarkUpload2000: 2,000 local edits uploaded (encrypt, send, merge the
// saved metadata), the normal upload path.
func BenchmarkUpload2000(b *testing.B) {
	url := sftest.New().Start(b).URL
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		a := newDevice(b, fmt.Sprintf("U%d", i))
		a.register(url, fmt.Sprintf("up%d@example.com", i))
		err := a.store.Update(func(tx *model.Tx) error {
			for j := range 2000 {
				c := fmt.Sprintf(`{"title":"note %d","text":"some text of a typical length","references":[]}`, j)
				if err := tx.PutLocal(model.NewUUID(), model.TypeNote, c, ""); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		if r := a.sync(); r.Uploaded != 2000 {
			b.Fatalf("uploaded %d", r.Uploaded)
		}
	}
}
