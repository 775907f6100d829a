module fynecli

go 1.26

require fyne.io/fyne/v2 v2.8.1
