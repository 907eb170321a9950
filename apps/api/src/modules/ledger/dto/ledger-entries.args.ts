import { ArgsType, Field, ID, Int } from '@nestjs/graphql';
import { IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';

@ArgsType()
export class LedgerEntriesArgs {
  @Field(() => Int, { nullable: true, description: 'Entries after this sequence number.' })
  @IsOptional()
  @IsInt()
  @Min(0, { message: 'after must not be negative' })
  after?: number;

  @Field(() => Int, { nullable: true, description: 'At most this many (1–1000, default 100).' })
  @IsOptional()
  @IsInt()
  @Min(1, { message: 'first must be at least 1' })
  @Max(1000, { message: 'first must be at most 1000' })
  first?: number;

  @Field(() => ID, { nullable: true, description: 'Only entries about this subject.' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  subjectId?: string;
}
