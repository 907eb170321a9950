import { Args, Context, Mutation, Query, Resolver } from '@nestjs/graphql';
import type { AuthUser, GqlContext } from '../../common/auth/auth-user.js';
import { CurrentUser } from '../../common/auth/current-user.decorator.js';
import { Public } from '../../common/auth/public.decorator.js';
import { UserModel } from '../users/models/user.model.js';
import { UsersService } from '../users/users.service.js';
import { AuthService } from './auth.service.js';
import { LoginInput } from './dto/login.input.js';
import { RegisterInput } from './dto/register.input.js';
import { AuthPayloadModel } from './models/auth-payload.model.js';

@Resolver()
export class AuthResolver {
  constructor(
    private readonly auth: AuthService,
    private readonly users: UsersService,
  ) {}

  @Public()
  @Mutation(() => AuthPayloadModel, { description: 'Signs in; rate-limited per account and per IP.' })
  login(@Args('input') input: LoginInput, @Context() ctx: GqlContext): Promise<AuthPayloadModel> {
    return this.auth.login(input, ctx.req.ip ?? 'unknown');
  }

  @Public()
  @Mutation(() => AuthPayloadModel, {
    description: 'Registers a PROVIDER or BUYER organization (unverified until an admin verifies it) and its first user.',
  })
  register(@Args('input') input: RegisterInput): Promise<AuthPayloadModel> {
    return this.auth.register(input);
  }

  @Query(() => UserModel, { description: 'The signed-in user.' })
  me(@CurrentUser() user: AuthUser): Promise<UserModel> {
    return this.users.getById(user.id);
  }
}
