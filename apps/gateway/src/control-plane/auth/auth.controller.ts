import { Body, Controller, Get, HttpCode, Post, Req, Res, UseGuards } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { User } from '@llmguard/db';
import { authContract, type ParsedBody, type SessionResponse } from '@llmguard/shared';
import { notFound } from '../common/errors';
import { requestMeta } from '../common/request-meta';
import { validBody } from '../common/zod-validation.pipe';
import { AuthService } from './auth.service';
import { LocalAuthGuard, SignedInUser } from './local-auth.guard';
import { CurrentUser, type UserPrincipal } from './principal';
import { Public } from './public.decorator';
import { SessionCookies } from './session-cookies';
import { toUserView, UsersRepository } from './users.repository';

/** /api/auth: sign-up, sign-in, sign-out, and who am I. */
@Controller()
export class AuthController {
  constructor(
    private readonly auth: AuthService,
    private readonly cookies: SessionCookies,
    private readonly users: UsersRepository,
  ) {}

  @Public()
  @Post(authContract.signup.path)
  @HttpCode(authContract.signup.successStatus)
  async signup(
    @Body(validBody(authContract.signup.body)) body: ParsedBody<typeof authContract.signup>,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<SessionResponse> {
    const { user, ticket } = await this.auth.signup(body, requestMeta(request));
    this.cookies.set(reply, ticket);
    return authContract.signup.response.parse({ user: toUserView(user), csrfToken: ticket.csrfToken });
  }

  @Public()
  @UseGuards(LocalAuthGuard)
  @Post(authContract.login.path)
  @HttpCode(authContract.login.successStatus)
  async login(
    @SignedInUser() user: User,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<SessionResponse> {
    const ticket = await this.auth.login(user, requestMeta(request));
    this.cookies.set(reply, ticket);
    return authContract.login.response.parse({ user: toUserView(user), csrfToken: ticket.csrfToken });
  }

  @Post(authContract.logout.path)
  @HttpCode(authContract.logout.successStatus)
  async logout(
    @CurrentUser() principal: UserPrincipal,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<void> {
    await this.auth.logout(principal, requestMeta(request));
    this.cookies.clear(reply);
  }

  @Post(authContract.logoutAll.path)
  @HttpCode(authContract.logoutAll.successStatus)
  async logoutAll(
    @CurrentUser() principal: UserPrincipal,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<void> {
    await this.auth.logoutEverywhere(principal, requestMeta(request));
    this.cookies.clear(reply);
  }

  @Get(authContract.me.path)
  async me(@CurrentUser() principal: UserPrincipal) {
    const user = await this.users.findById(principal.userId);
    // Only if the account was deleted between the guard and here.
    if (!user) throw notFound('User');
    return authContract.me.response.parse({ user: toUserView(user) });
  }
}
