import type { FastifyReply, FastifyRequest } from "fastify";

/** The error codes this server sends, with their HTTP status and ORDS's message. */
const PROBLEMS = {
  BadRequest: { status: 400, message: "Bad Request" },
  Unauthorized: { status: 401, message: "Unauthorized" },
  Forbidden: { status: 403, message: "Forbidden" },
  NotFound: { status: 404, message: "Not Found" },
  MethodNotAllowed: { status: 405, message: "Method Not Allowed" },
  InternalServerError: { status: 500, message: "Internal Server Error" },
} as const;

export type ProblemCode = keyof typeof PROBLEMS;

/**
 * Sends an ORDS problem document (`application/problem+json` with `code`, `message`, `type`
 * and `instance`). `detail` adds a human explanation, as newer ORDS releases do for 400s.
 */
export function sendProblem(request: FastifyRequest, reply: FastifyReply, code: ProblemCode, detail?: string): FastifyReply {
  const problem = PROBLEMS[code];
  const body: Record<string, unknown> = {
    code,
    message: problem.message,
    type: `tag:oracle.com,2020:error/${code}`,
    instance: `tag:oracle.com,2020:ecid/${request.id}`,
  };
  if (detail !== undefined) {
    body.detail = detail;
  }

  return reply.code(problem.status).type("application/problem+json").send(body);
}
