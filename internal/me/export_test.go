package me

// TrackMeetings exposes the tracks feed source to the external tests (which need
// testutil, and testutil imports app, which imports me).
var TrackMeetings = trackMeetings
