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
