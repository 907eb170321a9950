import { SetMetadata } from '@nestjs/common';

export const IS_PUBLIC = 'eastlake:isPublic';

/** Marks a resolver or route that an anonymous caller may use. */
export const Public = (): MethodDecorator & ClassDecorator => SetMetadata(IS_PUBLIC, true);
