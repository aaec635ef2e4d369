package web

// officeMessages are the office area's UI strings: key -> {Vietnamese, English}.
var officeMessages = map[string][2]string{}
