package web

// portalMessages are the portal area's UI strings: key -> {Vietnamese, English}.
var portalMessages = map[string][2]string{}
