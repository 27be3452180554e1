package main

import (
	"context"
	"errors"
	"io"
	"strings"
	"testing"
)

func TestUsageErrors(t *testing.T) {
	cases := [][]string{
		{},
		{"bogus"},
		{"migrate"},
		{"migrate", "sideways"},
		{"seed"},
		{"seed", "everything"},
		{"user"},
		{"user", "add", "--email", "a@example.org"},
		{"user", "add", "--email", "a@example.org", "--name", "A", "--org", "X", "--password", "secret"},
		{"serve", "extra"},
		{"cluster", "explode"},
	}
	for _, args := range cases {
		t.Run(strings.Join(args, " "), func(t *testing.T) {
			err := run(context.Background(), args, func(string) string { return "" }, strings.NewReader(""), io.Discard, io.Discard)
			if !errors.Is(err, errUsage) {
				t.Errorf("err = %v, want usage (exit 2)", err)
			}
		})
	}
}

func TestConfigErrorStopsStartUp(t *testing.T) {
	getenv := func(k string) string {
		if k == "LOG_FORMAT" {
			return "xml"
		}
		return ""
	}
	err := run(context.Background(), []string{"serve"}, getenv, strings.NewReader(""), io.Discard, io.Discard)
	if err == nil || !strings.Contains(err.Error(), "LOG_FORMAT") {
		t.Errorf("err = %v, want one naming LOG_FORMAT", err)
	}
}

func TestPasswordNeverAFlag(t *testing.T) {
	p, err := readPassword(func(string) string { return "" }, strings.NewReader("from stdin\n"))
	if err != nil || p != "from stdin" {
		t.Errorf("stdin password = %q, %v", p, err)
	}
	p, _ = readPassword(func(k string) string { return map[string]string{"SPOR_PASSWORD": "from env"}[k] }, strings.NewReader(""))
	if p != "from env" {
		t.Errorf("env password = %q", p)
	}
	if _, err := readPassword(func(string) string { return "" }, strings.NewReader("")); err == nil {
		t.Error("no password accepted")
	}
}

func TestHelpAndVersion(t *testing.T) {
	var out strings.Builder
	if err := run(context.Background(), []string{"help"}, func(string) string { return "" }, nil, &out, io.Discard); err != nil || !strings.Contains(out.String(), "spor serve") {
		t.Errorf("help: %v %q", err, out.String())
	}
	out.Reset()
	if err := run(context.Background(), []string{"version"}, func(string) string { return "" }, nil, &out, io.Discard); err != nil || !strings.HasPrefix(out.String(), "spor ") {
		t.Errorf("version: %v %q", err, out.String())
	}
}
