package main

import (
	"fmt"
	"net"
	"time"

	uiserver "github.com/temporalio/ui-server/v2/server"
	uiconfig "github.com/temporalio/ui-server/v2/server/config"
	uioptions "github.com/temporalio/ui-server/v2/server/server_options"
)

// uiServer is the Temporal Web UI (its assets are embedded in the ui-server module).
type uiServer struct {
	server *uiserver.Server
	failed chan error
}

func startUI(opts *options) (*uiServer, error) {
	cfg := &uiconfig.Config{
		Host:                opts.uiIP,
		Port:                opts.uiPort,
		TemporalGRPCAddress: opts.frontendAddress(),
		EnableUI:            true,
		DefaultNamespace:    opts.namespaces[0],
		Codec:               uiconfig.Codec{Endpoint: opts.codecEndpoint},
		// Plain HTTP on loopback: the CSRF cookie must be sent without TLS.
		CORS:     uiconfig.CORS{CookieInsecure: true},
		HideLogs: true,
	}
	ui := &uiServer{server: uiserver.NewServer(uioptions.WithConfigProvider(cfg)),
		failed: make(chan error, 1)}
	go func() {
		// Start blocks until Stop; it returns an error only when it could not serve.
		if err := ui.server.Start(); err != nil {
			ui.failed <- err
		}
	}()
	// Ready when it accepts connections.
	deadline := time.Now().Add(10 * time.Second)
	for {
		conn, err := net.DialTimeout("tcp", hostPort(opts.uiIP, opts.uiPort), time.Second)
		if err == nil {
			_ = conn.Close()
			return ui, nil
		}
		select {
		case err := <-ui.failed:
			return nil, fmt.Errorf("the Web UI cannot start: %w", err)
		default:
		}
		if time.Now().After(deadline) {
			ui.Stop()
			return nil, fmt.Errorf("the Web UI did not listen on %s within 10 s", opts.uiURL())
		}
		time.Sleep(50 * time.Millisecond)
	}
}

func (u *uiServer) Stop() { u.server.Stop() }
