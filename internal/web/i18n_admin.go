package web

// adminMessages are the admin area's UI strings: key -> {Vietnamese, English}.
var adminMessages = map[string][2]string{}
