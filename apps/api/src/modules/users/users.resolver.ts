import { Args, Context, ID, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import type { AppAbility, Role } from '@eastlake/policy';
import type { GqlContext } from '../../common/auth/auth-user.js';
import { CheckPolicies } from '../../common/auth/check-policies.decorator.js';
import { CurrentAbility, CurrentUser } from '../../common/auth/current-user.decorator.js';
import type { AuthUser } from '../../common/auth/auth-user.js';
import { ParseUuidPipe } from '../../common/graphql/parse-uuid.pipe.js';
import { OrganizationModel } from '../organizations/models/organization.model.js';
import { OrganizationsService } from '../organizations/organizations.service.js';
import { CreateUserInput } from './dto/create-user.input.js';
import { RoleEnum, UserModel } from './models/user.model.js';
import { UsersService } from './users.service.js';

@Resolver(() => UserModel)
export class UsersResolver {
  constructor(
    private readonly usersService: UsersService,
    private readonly organizationsService: OrganizationsService,
  ) {}

  @Query(() => UserModel)
  user(
    @Args('id', { type: () => ID }, ParseUuidPipe) id: string,
    @CurrentAbility() ability: AppAbility,
  ): Promise<UserModel> {
    return this.usersService.get(ability, id);
  }

  @Query(() => [UserModel], { description: 'Users the caller may see, optionally of one organization.' })
  users(
    @Args('organizationId', { type: () => ID, nullable: true }, ParseUuidPipe) organizationId: string | undefined,
    @CurrentAbility() ability: AppAbility,
    @Args('search', { type: () => String, nullable: true, description: 'Part of the email address.' }) search?: string,
  ): Promise<UserModel[]> {
    return this.usersService.list(ability, organizationId, search);
  }

  @CheckPolicies((ability) => ability.can('create', 'User'))
  @Mutation(() => UserModel, { description: 'Admin only: creates an account in an existing organization (organizationId) or a new verified one (organizationName).' })
  createUser(@Args('input') input: CreateUserInput, @CurrentUser() admin: AuthUser): Promise<UserModel> {
    return this.usersService.createByAdmin(admin, input);
  }

  @CheckPolicies((ability) => ability.can('changeRole', 'User'))
  @Mutation(() => UserModel, { description: "Admin only: changes a user's role." })
  changeUserRole(
    @Args('userId', { type: () => ID }, ParseUuidPipe) userId: string,
    @Args('role', { type: () => RoleEnum }) role: Role,
    @CurrentAbility() ability: AppAbility,
    @CurrentUser() admin: AuthUser,
  ): Promise<UserModel> {
    return this.usersService.changeRole(admin, ability, userId, role);
  }

  @CheckPolicies((ability) => ability.can('disable', 'User'))
  @Mutation(() => UserModel, { description: 'Admin only: disables an account (its sign-ins and tokens are refused); ledgered with the reason.' })
  disableUser(
    @Args('userId', { type: () => ID }, ParseUuidPipe) userId: string,
    @Args('reason', { type: () => String }) reason: string,
    @CurrentAbility() ability: AppAbility,
    @CurrentUser() admin: AuthUser,
  ): Promise<UserModel> {
    return this.usersService.setDisabled(admin, ability, userId, true, reason);
  }

  @CheckPolicies((ability) => ability.can('disable', 'User'))
  @Mutation(() => UserModel, { description: 'Admin only: lets a disabled account sign in again; ledgered.' })
  enableUser(
    @Args('userId', { type: () => ID }, ParseUuidPipe) userId: string,
    @CurrentAbility() ability: AppAbility,
    @CurrentUser() admin: AuthUser,
  ): Promise<UserModel> {
    return this.usersService.setDisabled(admin, ability, userId, false);
  }

  @ResolveField(() => OrganizationModel)
  async organization(@Parent() user: UserModel, @Context() ctx: GqlContext): Promise<OrganizationModel | null> {
    return this.organizationsService.loaderFor(ctx.req).load(user.organizationId);
  }
}
