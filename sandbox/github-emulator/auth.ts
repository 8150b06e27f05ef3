// Authentication as GitHub does it: `token <t>` or `bearer <t>`. A bearer that looks like a
// JWT must be signed RS256 by a registered app's private key (the app authenticating as
// itself); other tokens map to an installation, a workflow's GITHUB_TOKEN or a person.

import { createPublicKey, generateKeyPairSync, randomBytes, verify } from "node:crypto";
import { error, type Reply } from "./replies.js";
import type { Actor, EmulatorState } from "./state.js";

export function generateAppKeys(): { privateKeyPem: string; publicKeyPem: string } {
  const { privateKey, publicKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
  return {
    privateKeyPem: privateKey.export({ type: "pkcs1", format: "pem" }).toString(),
    publicKeyPem: publicKey.export({ type: "spki", format: "pem" }).toString(),
  };
}

export function newToken(prefix: "ghs" | "ghp"): string {
  return `${prefix}_${randomBytes(27).toString("base64url").replace(/[-_]/g, "x").slice(0, 36)}`;
}

/** The actor behind a request, or the 401 GitHub answers. `nowSeconds` checks JWT expiry. */
export function authenticate(state: EmulatorState, authorization: string | undefined, nowSeconds: number): Actor | Reply {
  if (!authorization) return error(401, "Requires authentication");
  const match = /^(token|bearer)\s+(\S+)$/i.exec(authorization.trim());
  if (!match) return error(401, "Bad credentials");
  const credential = match[2] as string;
  if (credential.split(".").length === 3) return verifyAppJwt(state, credential, nowSeconds);
  return state.tokens.get(credential) ?? error(401, "Bad credentials");
}

function verifyAppJwt(state: EmulatorState, jwt: string, nowSeconds: number): Actor | Reply {
  const [head, body, signature] = jwt.split(".") as [string, string, string];
  let header: { alg?: string };
  let claims: { iss?: string | number; iat?: number; exp?: number };
  try {
    header = JSON.parse(Buffer.from(head, "base64url").toString("utf8")) as typeof header;
    claims = JSON.parse(Buffer.from(body, "base64url").toString("utf8")) as typeof claims;
  } catch {
    return error(401, "A JSON web token could not be decoded");
  }
  if (header.alg !== "RS256") return error(401, "A JSON web token could not be decoded");
  const app = [...state.apps.values()].find((a) => String(a.id) === String(claims.iss) || `Iv1.${a.id.toString(16).padStart(16, "0")}` === claims.iss);
  if (!app) return error(401, `'Issuer' claim ('iss') must be an Integer`);
  const signed = verify("RSA-SHA256", Buffer.from(`${head}.${body}`), createPublicKey(app.publicKeyPem), Buffer.from(signature, "base64url"));
  if (!signed) return error(401, "A JSON web token could not be decoded");
  if (typeof claims.exp !== "number" || claims.exp <= nowSeconds) {
    return error(401, "'Expiration time' claim ('exp') must be a numeric value representing the future time at which the assertion expires");
  }
  if (typeof claims.iat !== "number" || claims.iat > nowSeconds + 60 || claims.exp - claims.iat > 660) {
    return error(401, "'Issued at' claim ('iat') must be an Integer representing the time that the assertion was issued");
  }
  return { kind: "app", appId: app.id };
}
