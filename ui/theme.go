package ui

import (
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"
)

// Theme choices for View ▸ Theme, stored in preferences.
const (
	ThemeSystem = "system"
	ThemeLight  = "light"
	ThemeDark   = "dark"
)

// variantTheme forces the default theme's light or dark variant (the
// LightTheme/DarkTheme constructors are deprecated in 2.8).
type variantTheme struct {
	fyne.Theme
	variant fyne.ThemeVariant
}

func (t variantTheme) Color(n fyne.ThemeColorName, _ fyne.ThemeVariant) color.Color {
	return t.Theme.Color(n, t.variant)
}

// themeFor returns the theme for a choice.
func themeFor(choice string) fyne.Theme {
	switch choice {
	case ThemeLight:
		return variantTheme{theme.DefaultTheme(), theme.VariantLight}
	case ThemeDark:
		return variantTheme{theme.DefaultTheme(), theme.VariantDark}
	}
	return theme.DefaultTheme()
}
