/** An HTTP request of a Lambda Function URL (payload 2.0), as Bolt's receiver reads it. */
export interface HttpRequestEvent {
  headers: Record<string, string | undefined>;
  body?: string;
  isBase64Encoded?: boolean;
  rawPath?: string;
}

export interface HttpResponse {
  statusCode: number;
  headers?: Record<string, string>;
  body: string;
}
