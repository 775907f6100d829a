package ui

import (
	"fmt"
	"io"
	"os"
	"sfnotes/model"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/widget"
)

// importDialog is File ▸ Import…: pick a file, read and check it off the UI
// thread, ask for the backup password if it is encrypted, import, summarise.
func (w *Window) importDialog() {
	d := dialog.NewFileOpen(func(r fyne.URIReadCloser, err error) {
		if err != nil {
			w.showError(err)
			return
		}
		if r == nil {
			return
		}
		w.ImportFrom(r)
	}, w.win)
	d.SetFilter(storage.NewExtensionFileFilter([]string{".json", ".txt"}))
	d.Show()
	d.Resize(fyne.NewSize(800, 560)) // after Show: Resize before Show panics in 2.8.1
}

// ImportFrom imports from r (closing it) with progress and a summary; a bad
// file gets a clear message and changes nothing.
func (w *Window) ImportFrom(r io.ReadCloser) {
	var job ImportJob
	w.busy("Import", "Reading the file…", func() error {
		defer r.Close()
		var err error
		job, err = w.svc.ParseImport(r)
		return err
	}, func(err error) {
		if err != nil {
			w.showError(err)
			return
		}
		if !job.Encrypted() {
			w.runImport(job, "")
			return
		}
		pw := widget.NewPasswordEntry()
		dialog.ShowForm("Encrypted backup", "Import", "Cancel", []*widget.FormItem{
			widget.NewFormItem("Backup password", pw)}, func(ok bool) {
			if ok {
				w.runImport(job, pw.Text)
			}
		}, w.win)
	})
}

func (w *Window) runImport(job ImportJob, password string) {
	var summary string
	w.busy("Import", "Importing…", func() error {
		var err error
		summary, err = job.Run(password)
		return err
	}, func(err error) {
		if err != nil {
			w.showError(err)
			return
		}
		w.svc.Edited()
		w.Reload()
		w.showInfo("Import finished", summary)
	})
}

// exportDialog is File ▸ Export notes… / Export encrypted backup….
func (w *Window) exportDialog(encrypted bool) {
	d := dialog.NewFileSave(func(wc fyne.URIWriteCloser, err error) {
		if err != nil {
			w.showError(err)
			return
		}
		if wc == nil {
			return
		}
		var summary string
		w.busy("Export", "Writing the export…", func() error {
			var err error
			summary, err = w.writeExport(wc, encrypted)
			return err
		}, func(err error) {
			if err != nil {
				w.showError(err)
				return
			}
			w.showInfo("Export finished", summary)
		})
	}, w.win)
	name := "sfnotes-export.json"
	if encrypted {
		name = "sfnotes-backup-encrypted.json"
	}
	d.SetFileName(name)
	d.Show()
	d.Resize(fyne.NewSize(800, 560))
}

// writeExport writes an export into a file the save dialog created (Fyne
// creates it 0644), after first making it private: a plaintext export is
// never readable by other users, not even while it is being written.
func (w *Window) writeExport(wc fyne.URIWriteCloser, encrypted bool) (string, error) {
	defer wc.Close()
	if u := wc.URI(); u != nil && u.Scheme() == "file" {
		if err := os.Chmod(u.Path(), model.PrivateFileMode); err != nil {
			return "", fmt.Errorf("making the export file private: %w", err)
		}
	}
	return w.svc.Export(wc, encrypted)
}
