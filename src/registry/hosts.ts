/**
 * What the client may do with one registry host, decided once per registry and held in one value
 * (as containerd's config/hosts.go holds a host's scheme, TLS and capabilities). The `insecure`
 * input means two things, kept apart here: skip certificate verification, and allow plain HTTP.
 */
import { apiHost, canonicalRegistry, isLoopback } from '../model/reference';

export interface HostSettings {
  /** As users name it: docker.io, ghcr.io, 127.0.0.1:5000. */
  registry: string;
  /** The host that serves the API (registry-1.docker.io for docker.io). */
  apiHost: string;
  /** On the loopback interface: plain HTTP is asked first (a CI service container mostly speaks it). */
  loopback: boolean;
  /** HTTPS certificates are not verified (`insecure: true`). */
  skipVerify: boolean;
  /** Plain HTTP may be used for this host (`insecure: true`, or a loopback host). */
  plainHttp: boolean;
  /**
   * The user's `insecure: true`: besides the two above, credentials may go to a plain-HTTP token
   * server on another host. Also what the warnings about skipped verification and plain HTTP name.
   */
  insecure: boolean;
}

export function hostSettings(registry: string, insecure: boolean): HostSettings {
  const name = canonicalRegistry(registry);
  const loopback = isLoopback(name);
  return {
    registry: name,
    apiHost: apiHost(name),
    loopback,
    skipVerify: insecure,
    plainHttp: insecure || loopback,
    insecure
  };
}

/** Whether credentials may travel in plain HTTP to `host` (a token server), given this registry's settings. */
export function plainHttpAllowedTo(settings: HostSettings, host: string): boolean {
  return settings.insecure || isLoopback(host);
}
