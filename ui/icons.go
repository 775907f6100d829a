package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"
)

// pinSVG is a push pin, drawn for sfnotes (Fyne's theme has none), in the
// 24x24 Material style of the theme's other icons.
const pinSVG = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24"><path d="M16 3v2h-1v5.2l2.6 2.6V15h-4.6v6l-1 1-1-1v-6H6.4v-2.2L9 10.2V5H8V3z"/></svg>`

// pinIcon follows the theme's foreground colour.
var pinIcon fyne.Resource = theme.NewThemedResource(fyne.NewStaticResource("pin.svg", []byte(pinSVG)))

// starSVG is a five-pointed star and archiveSVG a box with its lid and a
// handle, drawn for sfnotes in the same 24x24 style.
const (
	starSVG    = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24"><path d="M12 2.8L14.5 9.4L21.5 9.7L16 14.1L17.9 20.9L12 17L6.1 20.9L8 14.1L2.5 9.7L9.5 9.4z"/></svg>`
	archiveSVG = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24"><path fill-rule="evenodd" d="M3 4h18v4H3zM4.5 9h15v11h-15zM9 11.5v2h6v-2z"/></svg>`
	lockSVG    = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24"><path fill-rule="evenodd" d="M7 10V7a5 5 0 0 1 10 0v3h1.5v11h-13V10zM9 10h6V7a3 3 0 0 0-6 0z"/></svg>`
)

var (
	starIcon    fyne.Resource = theme.NewThemedResource(fyne.NewStaticResource("star.svg", []byte(starSVG)))
	archiveIcon fyne.Resource = theme.NewThemedResource(fyne.NewStaticResource("archive.svg", []byte(archiveSVG)))
	lockIcon    fyne.Resource = theme.NewThemedResource(fyne.NewStaticResource("lock.svg", []byte(lockSVG)))
)
