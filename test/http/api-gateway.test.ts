/** API Gateway HTTP API (payload 2.0) events in and results out, as the deployed routes receive them. */
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { fromApiGatewayEvent, toApiGatewayResult } from '#adapters/http/api-gateway.js';
import { jsonResponse } from '#adapters/http/http-message.js';

function gatewayEvent(overrides: Partial<APIGatewayProxyEventV2> = {}): APIGatewayProxyEventV2 {
  return {
    version: '2.0',
    routeKey: 'GET /dashboard',
    rawPath: '/dashboard',
    rawQueryString: 'expires=1767225600&signature=ab',
    headers: { 'X-ManiReports-Timestamp': '1767225600', host: 'api.example.org' },
    queryStringParameters: { expires: '1767225600', signature: 'ab' },
    requestContext: {
      accountId: '123456789012',
      apiId: 'api',
      domainName: 'api.example.org',
      domainPrefix: 'api',
      http: { method: 'GET', path: '/dashboard', protocol: 'HTTP/1.1', sourceIp: '192.0.2.1', userAgent: 'test' },
      requestId: 'id',
      routeKey: 'GET /dashboard',
      stage: '$default',
      time: '01/Jan/2026:00:00:00 +0000',
      timeEpoch: 1_767_225_600_000,
    },
    isBase64Encoded: false,
    ...overrides,
  };
}

describe('API Gateway conversion', () => {
  it('lower-cases header names and keeps the path and the decoded query', () => {
    // Act
    const request = fromApiGatewayEvent(gatewayEvent());

    // Assert
    expect(request).toMatchObject({
      method: 'GET',
      path: '/dashboard',
      query: { expires: '1767225600', signature: 'ab' },
      headers: { 'x-manireports-timestamp': '1767225600', host: 'api.example.org' },
    });
  });

  it('puts the cookies payload 2.0 lists apart back into the cookie header', () => {
    // Act
    const request = fromApiGatewayEvent(gatewayEvent({ cookies: ['manireports_dashboard=1.ab', 'other=x'] }));

    // Assert
    expect(request.headers.cookie).toBe('manireports_dashboard=1.ab; other=x');
  });

  it('decodes a base64 body to the exact bytes sent', () => {
    // Arrange
    const raw = Buffer.from('{"name":"Zoë"}', 'utf8');

    // Act
    const request = fromApiGatewayEvent(gatewayEvent({ body: raw.toString('base64'), isBase64Encoded: true }));

    // Assert
    expect(Buffer.from(request.body).equals(raw)).toBe(true);
  });

  it('returns status, headers and body as a structured result', () => {
    expect(toApiGatewayResult(jsonResponse(404, { error: 'x' }))).toEqual({
      statusCode: 404,
      headers: { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' },
      body: '{"error":"x"}',
      isBase64Encoded: false,
    });
  });
});
